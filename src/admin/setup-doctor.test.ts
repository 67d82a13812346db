// The setup doctor against a real regtest node: healthy (every check passes, also as `tbg doctor`
// and on the admin page), then the ways operators get it wrong — a stopped node, wrong
// credentials, a missing cookie, a node on another chain, a node in initial block download
// (the outage proxy), and a Telegram token the (local) Bot API refuses.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { startFlakyProxy } from "../../stratum/node/flaky-proxy.ts";
import { NODE_TEST_TIMEOUT_MS, startBitcoind, type TestNode } from "../../test/bitcoind.ts";
import { until } from "../../test/until.ts";
import { TEST_ENGINE, testDatabaseEnv } from "../../test/storage.ts";
import { loadConfig, type Config } from "../config.ts";
import { silentLogger } from "../log.ts";
import { startServer, type Running } from "../server.ts";
import { setupDoctor, type SetupCheck } from "./setup-doctor.ts";

const TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
let node: TestNode;
let server: Running | undefined;
let dir: string;
/** The suite's engine: a fresh PostgreSQL database with TBG_TEST_DATABASE=postgres, else SQLite in the data dir. */
let dbEnv: Record<string, string> = {};
/** A local server speaking the Bot API's getMe: this token is a bot, anything else is refused as Telegram refuses it. */
const botApi = Bun.serve({
  port: 0,
  hostname: "127.0.0.1",
  fetch(req) {
    const m = /^\/bot([^/]+)\/getMe$/.exec(new URL(req.url).pathname);
    if (m && m[1] === TOKEN) return Response.json({ ok: true, result: { id: 123456789, is_bot: true, first_name: "Pool", username: "home_pool_bot" } });
    return Response.json({ ok: false, error_code: 401, description: "Unauthorized" }, { status: 401 });
  },
});
const apiRoot = `http://127.0.0.1:${botApi.port}`;

function config(env: Record<string, string>): Config {
  const r = loadConfig({
    TBG_DATA_DIR: dir, TBG_HTTP_HOST: "127.0.0.1", TBG_HTTP_PORT: "0", TBG_STRATUM_HOST: "0.0.0.0", TBG_STRATUM_PORT: "0", TBG_NETWORK: "regtest",
    TBG_BITCOIN_RPC_URL: node.rpcUrl, TBG_BITCOIN_RPC_USER: node.rpcUser, TBG_BITCOIN_RPC_PASSWORD: node.rpcPassword, ...dbEnv, ...env,
  });
  if (!r.ok) throw new Error(r.errors.join("\n"));
  return r.config;
}
const byName = (checks: SetupCheck[]) => Object.fromEntries(checks.map((c) => [c.name, c]));

beforeAll(async () => {
  node = await startBitcoind({ chain: "regtest" });
  await node.mine(101);
  dir = mkdtempSync(join(tmpdir(), "tbg-doctor-"));
  dbEnv = await testDatabaseEnv("doctor");
}, NODE_TEST_TIMEOUT_MS);
afterAll(async () => {
  await server?.stop();
  await node?.destroy();
  botApi.stop(true);
});

test("a healthy setup: every check passes, in the function, `tbg doctor` and the admin page", async () => {
  const cfg = config({ TBG_TELEGRAM_BOT_TOKEN: TOKEN, TBG_ADMIN_EMAIL: "op@pool.lan", TBG_ADMIN_PASSWORD: "Op3rator-Pass!" });
  server = await startServer(cfg, silentLogger, { telegramApiRoot: apiRoot });
  const checks = await setupDoctor(cfg, { stratumPort: server.stratumPort, telegramApiRoot: apiRoot });
  expect(checks.filter((c) => !c.ok)).toEqual([]);
  const names = checks.map((c) => c.name);
  const db = TEST_ENGINE === "sqlite" ? ["free space", "integrity", "writable", "migrations"] : ["database"];
  for (const n of ["node RPC", "chain", "sync", "getblocktemplate", "clock", "stratum port", ...db, "Telegram bot"]) expect(names).toContain(n);
  expect(byName(checks)["Telegram bot"]!.detail).toContain("@home_pool_bot");
  expect(byName(checks)["getblocktemplate"]!.detail).toContain("work for block 102");

  // The command line: same checks, exit 0 (no token here: the CLI would ask the real Telegram).
  const proc = Bun.spawn(["bun", resolve(import.meta.dir, "../main.ts"), "doctor"], {
    cwd: dir, stdout: "pipe", stderr: "pipe",
    env: { PATH: process.env.PATH!, HOME: dir, TBG_DATA_DIR: dir, ...dbEnv, TBG_STRATUM_PORT: String(server.stratumPort), TBG_NETWORK: "regtest", TBG_BITCOIN_RPC_URL: node.rpcUrl, TBG_BITCOIN_RPC_USER: node.rpcUser, TBG_BITCOIN_RPC_PASSWORD: node.rpcPassword },
  });
  const [out, err, code] = [await new Response(proc.stdout).text(), await new Response(proc.stderr).text(), await proc.exited];
  expect(err).not.toContain("FAIL");
  expect(code).toBe(0);
  expect(out).toContain("ok   node RPC:");
  expect(out).toContain("ok   stratum port:");
  expect(out).toContain("no problems found");

  // The admin page.
  const web = `http://127.0.0.1:${server.httpPort}`;
  const signin = await fetch(`${web}/signin/password`, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded", origin: web }, body: "email=op%40pool.lan&password=Op3rator-Pass%21" });
  const cookie = signin.headers.getSetCookie().map((c) => c.split(";")[0]!).filter((c) => !c.endsWith("=")).join("; ");
  const html = await (await fetch(`${web}/admin/doctor`, { headers: { cookie, accept: "text/html" } })).text();
  expect(html).toContain('data-check="getblocktemplate" data-ok="1"');
  expect(html).toContain('data-check="stratum port" data-ok="1"');
  expect(html).not.toContain('data-ok="0"');
  await server.stop();
  server = undefined;
}, NODE_TEST_TIMEOUT_MS);

test("wrong password, missing cookie, wrong network: the failing check names the setting to fix", async () => {
  let c = byName(await setupDoctor(config({ TBG_BITCOIN_RPC_PASSWORD: "not-the-password" })));
  expect(c["node RPC"]!.ok).toBe(false);
  expect(c["node RPC"]!.fix).toContain(`refused the user "${node.rpcUser}"`);
  expect(c["node RPC"]!.fix).toContain("TBG_BITCOIN_RPC_PASSWORD");
  expect(c["chain"]).toBeUndefined();

  c = byName(await setupDoctor(config({ TBG_BITCOIN_RPC_USER: "", TBG_BITCOIN_RPC_PASSWORD: "", TBG_BITCOIN_RPC_COOKIE: join(dir, "no-such", ".cookie") })));
  expect(c["node RPC"]!.ok).toBe(false);
  expect(c["node RPC"]!.fix).toContain("does not exist");
  expect(c["node RPC"]!.fix).toContain("TBG_BITCOIN_RPC_COOKIE");

  // The node's real cookie works.
  c = byName(await setupDoctor(config({ TBG_BITCOIN_RPC_USER: "", TBG_BITCOIN_RPC_PASSWORD: "", TBG_BITCOIN_RPC_COOKIE: node.cookieFile })));
  expect(c["node RPC"]!.ok).toBe(true);
  expect(c["node RPC"]!.detail).toContain(`cookie ${node.cookieFile}`);

  c = byName(await setupDoctor(config({ TBG_NETWORK: "signet" })));
  expect(c["node RPC"]!.ok).toBe(true);
  expect(c["chain"]!.ok).toBe(false);
  expect(c["chain"]!.detail).toBe("the node runs regtest, TBG_NETWORK is signet");
  expect(c["chain"]!.fix).toContain("TBG_NETWORK=regtest");

  // Nothing listens on the stratum port (tbg is not running): said, with the fix.
  expect(c["stratum port"]!.ok).toBe(false);
  expect(c["stratum port"]!.fix).toContain("TBG_STRATUM_PORT");
}, NODE_TEST_TIMEOUT_MS);

test("a node in initial block download: getblocktemplate fails and says to wait for the sync", async () => {
  const proxy = startFlakyProxy({ url: node.rpcUrl, user: node.rpcUser, password: node.rpcPassword });
  try {
    proxy.mode = "ibd";
    const c = byName(await setupDoctor(config({ TBG_BITCOIN_RPC_URL: proxy.url })));
    expect(c["node RPC"]!.ok).toBe(true);
    expect(c["getblocktemplate"]!.ok).toBe(false);
    expect(c["getblocktemplate"]!.detail).toContain("initial sync");
    expect(c["getblocktemplate"]!.fix).toContain("initial block download");
  } finally {
    proxy.stop();
  }
});

test("a Telegram token the Bot API refuses fails with the fix; the token is never printed", async () => {
  const bad = "987654321:AAbadbadbadbadbadbadbadbadbadbadbad";
  const checks = await setupDoctor(config({ TBG_TELEGRAM_BOT_TOKEN: bad }), { telegramApiRoot: apiRoot });
  const t = byName(checks)["Telegram bot"]!;
  expect(t.ok).toBe(false);
  expect(t.fix).toContain("@BotFather");
  expect(JSON.stringify(checks)).not.toContain(bad);
});

test("a stopped node: the RPC check fails with what to start, and `tbg doctor` exits 1 with the fix", async () => {
  await node.stop();
  const c = byName(await setupDoctor(config({})));
  expect(c["node RPC"]!.ok).toBe(false);
  expect(c["node RPC"]!.fix).toContain("Nothing answers at");
  const proc = Bun.spawn(["bun", resolve(import.meta.dir, "../main.ts"), "doctor"], {
    cwd: dir, stdout: "pipe", stderr: "pipe",
    env: { PATH: process.env.PATH!, HOME: dir, TBG_DATA_DIR: dir, TBG_NETWORK: "regtest", TBG_BITCOIN_RPC_URL: node.rpcUrl, TBG_BITCOIN_RPC_USER: node.rpcUser, TBG_BITCOIN_RPC_PASSWORD: node.rpcPassword },
  });
  const [err, code] = [await new Response(proc.stderr).text(), await proc.exited];
  expect(code).toBe(1);
  expect(err).toContain("FAIL node RPC:");
  expect(err).toContain("fix: Nothing answers at");
  expect(err).not.toContain(node.rpcPassword);
}, NODE_TEST_TIMEOUT_MS);
