// Secrets never reach the log: a real server at debug level, in text and JSON format, goes
// through sign-ins (password, Telegram initData), token refresh, API key creation, a wrong
// password, cookie-authenticated pages and a node RPC with a password that fails; not one of
// those secrets appears in any line written, nor on the admin Logs page.
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BOT_TOKEN, signInitData, telegramUser } from "./auth/test-harness.ts";
import { loadConfig } from "./config.ts";
import { createLogger, LogRing } from "./log.ts";
import { startServer, type Running } from "./server.ts";
import { testDatabaseEnv } from "../test/storage.ts";
import { until } from "../test/until.ts";

const ADMIN_PASSWORD = "Adm!n-Secret-Pass-42";
const RPC_PASSWORD = "rpc-secret-Zq7x9";
let server: Running | undefined;
afterAll(() => server?.stop());

for (const format of ["text", "json"] as const) {
  describe(`TBG_LOG_FORMAT=${format}`, () => {
    test("no password, token, key, cookie or initData in any log line", async () => {
      const lines: string[] = [];
      const cfg = loadConfig({
        TBG_DATA_DIR: mkdtempSync(join(tmpdir(), "tbg-logs-")), TBG_HTTP_HOST: "127.0.0.1", TBG_HTTP_PORT: "0", TBG_STRATUM_HOST: "127.0.0.1", TBG_STRATUM_PORT: "0",
        TBG_NETWORK: "regtest", TBG_BITCOIN_RPC_URL: "http://127.0.0.1:9/", TBG_BITCOIN_RPC_USER: "pool", TBG_BITCOIN_RPC_PASSWORD: RPC_PASSWORD,
        TBG_TELEGRAM_BOT_TOKEN: BOT_TOKEN, TBG_ADMIN_EMAIL: "root@pool.lan", TBG_ADMIN_PASSWORD: ADMIN_PASSWORD, TBG_LOG_LEVEL: "debug", TBG_LOG_FORMAT: format,
        ...(await testDatabaseEnv(`logs-${format}`)),
      });
      if (!cfg.ok) throw new Error(cfg.errors.join("\n"));
      const ring = new LogRing();
      const log = createLogger({ level: "debug", format, write: (l) => lines.push(l), tap: ring.push });
      server = await startServer(cfg.config, log, { logRing: ring });
      const web = `http://127.0.0.1:${server.httpPort}`;
      const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
        const r = await fetch(web + path, { method, redirect: "manual", headers: { "content-type": "application/json", origin: web, ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
        return { status: r.status, headers: r.headers, body: (await r.json().catch(() => null)) as Record<string, any> };
      };
      const secrets: string[] = [ADMIN_PASSWORD, RPC_PASSWORD, BOT_TOKEN, BOT_TOKEN.split(":")[1]!];
      expect((await call("POST", "/api/v1/auth/login", { email: "root@pool.lan", password: "Wrong-Pass-123!" })).status).toBe(401);
      const login = await call("POST", "/api/v1/auth/login", { email: "root@pool.lan", password: ADMIN_PASSWORD });
      expect(login.status).toBe(200);
      const access = login.body.access_token as string;
      const refreshed = await call("POST", "/api/v1/auth/refresh", { refresh_token: login.body.refresh_token });
      expect(refreshed.status).toBe(200);
      secrets.push(access, login.body.refresh_token, refreshed.body.access_token, refreshed.body.refresh_token);
      const key = await call("POST", "/api/v1/users/me/api-keys", { name: "ha", permissions: ["read"] }, { authorization: `Bearer ${refreshed.body.access_token}` });
      expect(key.status).toBeLessThan(300);
      secrets.push(key.body.key ?? key.body.api_key ?? JSON.stringify(key.body));
      const initData = signInitData({ auth_date: String(Math.floor(Date.now() / 1000)), user: telegramUser(31337) });
      secrets.push(new URLSearchParams(initData).get("hash")!);
      expect((await call("POST", "/api/v1/auth/telegram", { init_data: initData })).status).toBe(200);
      const form = await fetch(`${web}/signin/password`, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded", origin: web }, body: new URLSearchParams({ email: "root@pool.lan", password: ADMIN_PASSWORD }).toString() });
      const cookies = form.headers.getSetCookie().map((c) => c.split(";")[0]!).filter((c) => !c.endsWith("="));
      for (const c of cookies) secrets.push(c.slice(c.indexOf("=") + 1));
      const logsPage = await (await fetch(`${web}/admin/logs?level=debug`, { headers: { cookie: cookies.join("; "), accept: "text/html" } })).text();
      expect(logsPage).toContain("listening on");
      // The node RPC (with its password) has failed at least once by now.
      await until("a node error logged", 10_000, () => (lines.some((l) => /node|rpc/i.test(l) && /refused|ECONNREFUSED|unreachable|Nothing answers/i.test(l)) ? true : null));
      await server.stop();
      server = undefined;
      expect(lines.length).toBeGreaterThan(10);
      if (format === "json") for (const l of lines) expect(() => JSON.parse(l)).not.toThrow();
      for (const s of secrets) {
        expect(s.length).toBeGreaterThan(8);
        for (const l of lines) expect(l).not.toContain(s);
        expect(logsPage).not.toContain(s);
      }
    }, 60_000);
  });
}
