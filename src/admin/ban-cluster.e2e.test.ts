// Two instances on one PostgreSQL database: a ban an admin makes on instance A reaches instance
// B's pool at once through the relay (B's periodic re-read is set to ten minutes, so only the
// relay can deliver it in time): B closes the miner's open session with a message and refuses its
// next authorize; unbanned on A, B accepts it again. A ban written to the database outside the app
// reaches both through the periodic re-read. An admin's "sign out everywhere" on A ends the
// user's access token on B too. Real servers, real TCP stratum sessions.
import { afterEach, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BANNED_MESSAGE } from "../../stratum/index.ts";
import { connectLines, type LineClient } from "../../stratum/e2e/line-client.ts";
import { testDatabaseEnv } from "../../test/storage.ts";
import { until } from "../../test/until.ts";
import { loadConfig } from "../config.ts";
import { silentLogger } from "../log.ts";
import { startServer, type Running } from "../server.ts";

/** No node: the pool waits for templates; authorize and bans work without one. */
const NO_NODE = { TBG_BITCOIN_RPC_URL: "http://127.0.0.1:1", TBG_BITCOIN_RPC_USER: "x", TBG_BITCOIN_RPC_PASSWORD: "x" };
const ADMIN = { TBG_ADMIN_EMAIL: "op@pool.lan", TBG_ADMIN_PASSWORD: "Op3rator-Pass!" };
const ADDR = "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080";
const OTHER = "mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn";

const servers: Running[] = [];
const clients: LineClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.end();
  // Each test's servers stop when it ends: every instance holds a pool of PostgreSQL connections.
  for (const s of servers.splice(0)) await s.stop();
});

async function boot(db: Record<string, string>, banRefreshMs: number, env: Record<string, string> = {}): Promise<Running> {
  const cfg = loadConfig({
    TBG_DATA_DIR: mkdtempSync(join(tmpdir(), "tbg-ban-cluster-")), TBG_HTTP_HOST: "127.0.0.1", TBG_HTTP_PORT: "0", TBG_STRATUM_HOST: "127.0.0.1", TBG_STRATUM_PORT: "0",
    TBG_NETWORK: "regtest", ...NO_NODE, ...db, ...env,
  });
  if (!cfg.ok) throw new Error(cfg.errors.join("\n"));
  const s = await startServer(cfg.config, silentLogger, { banRefreshMs });
  servers.push(s);
  return s;
}

type Answer = { id: number; result: unknown; error: unknown };

/** Subscribes and authorizes `user` on a new connection; the authorize answer. */
async function authorize(port: number, user: string): Promise<{ c: LineClient; answer: Answer }> {
  const c = await connectLines(port);
  clients.push(c);
  c.send(`{"id":1,"method":"mining.subscribe","params":["bitaxe/2.4"]}\n{"id":2,"method":"mining.authorize","params":["${user}","x"]}\n`);
  for (;;) {
    const m = JSON.parse(await c.nextLine(10_000)) as Answer;
    if (m.id === 2) return { c, answer: m };
  }
}

/** Polls until a fresh authorize of `user` is refused (true) or accepted (false), as wanted. */
async function authorizeUntil(label: string, port: number, user: string, refused: boolean): Promise<Answer> {
  return until(label, 20_000, async () => {
    const { c, answer } = await authorize(port, user);
    c.end();
    return (answer.result !== true) === refused ? answer : null;
  }, 100);
}

async function adminCookie(s: Running): Promise<{ web: string; cookie: string }> {
  const web = `http://127.0.0.1:${s.httpPort}`;
  const signin = await fetch(`${web}/signin/password`, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded", origin: web }, body: "email=op%40pool.lan&password=Op3rator-Pass%21" });
  const cookie = signin.headers.getSetCookie().map((c) => c.split(";")[0]!).filter((c) => !c.endsWith("=")).join("; ");
  expect(cookie).toContain("tbg_session=");
  return { web, cookie };
}

test("a ban made on instance A closes the miner's session on instance B and refuses its authorize there at once; unbanned on A, B accepts it", async () => {
  const db = await testDatabaseEnv("ban-cluster", "postgres");
  const TEN_MINUTES = 600_000;
  const a = await boot(db, TEN_MINUTES, ADMIN);
  const b = await boot(db, TEN_MINUTES);
  const user = await a.storage.repos.users.insertUser({ btcAddress: ADDR, authMethod: "wallet" }, Date.now());

  const open = await authorize(b.stratumPort, `${ADDR}.far-rig`);
  expect(open.answer.result).toBe(true);

  const { web, cookie } = await adminCookie(a);
  const ban = await fetch(`${web}/admin/users/${user.id}/ban`, { method: "POST", headers: { cookie, origin: web, accept: "text/html" } });
  expect(ban.status).toBe(200);

  // B tells the open session why and closes it.
  await open.c.closed(20_000);
  const seen: string[] = [];
  for (;;) {
    try {
      seen.push(await open.c.nextLine(100));
    } catch {
      break;
    }
  }
  expect(seen).toContain(`{"id":null,"method":"client.show_message","params":["This payout address is banned by the pool's operator."]}`);

  // Its next authorize on B is refused: unauthorized (24), saying it is a ban, not a bad address.
  const refused = await authorize(b.stratumPort, `${ADDR}.far-rig`);
  expect(refused.answer.error).toEqual([24, BANNED_MESSAGE, null]);
  expect(JSON.stringify(refused.answer.error)).not.toContain("invalid payout address");
  // Another address still mines on B.
  expect((await authorize(b.stratumPort, `${OTHER}.rig`)).answer).toMatchObject({ result: true });

  const unban = await fetch(`${web}/admin/users/${user.id}/unban`, { method: "POST", headers: { cookie, origin: web, accept: "text/html" } });
  expect(unban.status).toBe(200);
  await authorizeUntil("B accepts the unbanned address", b.stratumPort, `${ADDR}.far-rig`, false);
}, 90_000);

test("a ban written to the database outside the app reaches every instance within the re-read period", async () => {
  const db = await testDatabaseEnv("ban-cluster-reread", "postgres");
  const a = await boot(db, 200);
  const b = await boot(db, 200);
  const user = await a.storage.repos.users.insertUser({ btcAddress: ADDR, authMethod: "wallet" }, Date.now());
  expect((await authorize(a.stratumPort, `${ADDR}.rig`)).answer.result).toBe(true);
  expect((await authorize(b.stratumPort, `${ADDR}.rig`)).answer.result).toBe(true);

  // No admin page, no notification: only the periodic re-read can see this.
  await b.storage.repos.users.updateUser(user.id, { isBanned: true }, Date.now());
  for (const s of [a, b]) expect((await authorizeUntil("the ban read from the database", s.stratumPort, `${ADDR}.rig`, true)).error).toEqual([24, BANNED_MESSAGE, null]);
}, 90_000);

test("an admin's 'sign out everywhere' on instance A ends the user's access token on instance B at once (not 15 minutes later)", async () => {
  const db = await testDatabaseEnv("signout-cluster", "postgres");
  const a = await boot(db, 600_000, ADMIN);
  const b = await boot(db, 600_000);
  const webB = `http://127.0.0.1:${b.httpPort}`;
  // The admin also has a session on B (signed in there through the API).
  const login = await fetch(`${webB}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "op@pool.lan", password: "Op3rator-Pass!" }) });
  expect(login.status).toBe(200);
  const token = ((await login.json()) as { access_token: string }).access_token;
  const me = () => fetch(`${webB}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } });
  expect((await me()).status).toBe(200);

  const { web, cookie } = await adminCookie(a);
  const admin = (await a.storage.repos.users.findUserByEmail("op@pool.lan"))!;
  const res = await fetch(`${web}/admin/users/${admin.id}/revoke-sessions`, { method: "POST", headers: { cookie, origin: web, accept: "text/html" } });
  expect(res.status).toBe(200);
  const refused = await until("B refuses the signed-out token", 10_000, async () => {
    const r = await me();
    return r.status === 401 ? r : null;
  }, 100);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("AUTH_TOKEN_REVOKED");
}, 90_000);
