// Through the real server: a miner's shares reach the pool over TCP, are stored by the mining
// writer, and the game — hearing only the committed batch — gives the signed-in miner the
// first_share badge and 50 XP for the day, visible at /api/v1/gamification/*.
import { afterEach, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REGTEST_ADDRESS as ADDR, findShare, notifyOf } from "../../stratum/e2e/harness.ts";
import { startFixedRpc } from "../../stratum/e2e/fixed-rpc.ts";
import { connectLines } from "../../stratum/e2e/line-client.ts";
import { testDatabaseEnv } from "../../test/storage.ts";
import { until } from "../../test/until.ts";
import { wallet } from "../auth/test-harness.ts";
import { loadConfig } from "../config.ts";
import { silentLogger } from "../log.ts";
import { startServer } from "../server.ts";

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** BIP-173's regtest vector is the P2WPKH of private key 1: the miner can sign in with it. */
const KEY = new Uint8Array(32);
KEY[31] = 1;

test("shares stored → first_share badge and 50 XP for the day at /api/v1/gamification/badges and /level", async () => {
  const rpc = startFixedRpc();
  cleanups.push(() => rpc.stop());
  const dir = mkdtempSync(join(tmpdir(), "tbg-game-e2e-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const cfg = loadConfig({
    TBG_DATA_DIR: dir, TBG_HTTP_HOST: "127.0.0.1", TBG_HTTP_PORT: "0", TBG_STRATUM_HOST: "127.0.0.1", TBG_STRATUM_PORT: "0", TBG_NETWORK: "regtest",
    TBG_BITCOIN_RPC_URL: rpc.url, TBG_BITCOIN_RPC_USER: "tbg", TBG_BITCOIN_RPC_PASSWORD: "unused", TBG_MIN_DIFF: "0.00001", TBG_START_DIFF: "0.00001",
    TBG_ADMIN_EMAIL: "op@pool.lan", TBG_ADMIN_PASSWORD: "Admin-Pass-2026",
    ...(await testDatabaseEnv("game-e2e")),
  });
  if (!cfg.ok) throw new Error(cfg.errors.join("\n"));
  const server = await startServer(cfg.config, silentLogger);
  cleanups.push(() => server.stop());
  const web = `http://127.0.0.1:${server.httpPort}`;
  await until("the pool's first template", 10_000, () => (server.pool.status().height === 102 ? true : null));

  // The caller must be signed in.
  expect((await fetch(`${web}/api/v1/gamification/badges`)).status).toBe(401);

  const c = await connectLines(server.stratumPort);
  cleanups.push(() => c.end());
  c.send(`{"id":1,"method":"mining.subscribe","params":["cgminer/4.12.1"]}\n{"id":2,"method":"mining.authorize","params":["${ADDR}.rig","d=0.00001"]}\n`);
  const lines: string[] = [];
  let job = null;
  while (job === null) {
    const line = await c.nextLine();
    lines.push(line);
    if (line.startsWith('{"id":null,"method":"mining.notify"')) job = notifyOf(line);
  }
  const en1 = (JSON.parse(lines[0]!) as { result: [unknown, string] }).result[1];
  for (let k = 1; k <= 3; k++) {
    const s = findShare(job, en1, 0.00001, k.toString(16).padStart(16, "0"));
    c.send(`{"id":${100 + k},"method":"mining.submit","params":["${ADDR}.rig","${job.jobId}","${s.extranonce2}","${s.ntime}","${s.nonce}"]}\n`);
  }

  const w = wallet(KEY);
  const ch = (await (await fetch(`${web}/api/v1/auth/challenge`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ btc_address: ADDR }) })).json()) as { nonce: string; challenge: string };
  const v = await fetch(`${web}/api/v1/auth/verify`, {
    method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ btc_address: ADDR, nonce: ch.nonce, signature: w.signLegacy(ch.challenge) }),
  });
  expect(v.status).toBe(200);
  const auth = { authorization: `Bearer ${((await v.json()) as { access_token: string }).access_token}` };
  const get = async (path: string) => {
    const r = await fetch(`${web}${path}`, { headers: auth });
    return { status: r.status, body: (await r.json()) as any };
  };

  const badges = await until("the first_share badge", 10_000, async () => {
    const b = await get("/api/v1/gamification/badges");
    return b.body.earned_count >= 1 ? b.body : null;
  });
  expect(badges.total_count).toBe(20);
  expect(badges.earned.map((b: { slug: string }) => b.slug)).toEqual(["first_share"]);
  // stats come from badge_stats, recounted daily (and at start); checked after an admin's recount below.
  expect(badges.earned[0]).toMatchObject({ name: "First Hash", xp_reward: 50 });
  expect(badges.locked).toHaveLength(19);

  const level = await get("/api/v1/gamification/level");
  // 50 for the first share of the day, 25 for the week's streak, 50 for the badge.
  expect(level.body).toMatchObject({ level: 2, title: "Curious Cat", total_xp: 125, next_level: { level: 3, title: "Hash Pupil", xp: 600, xp_to_go: 475 } });
  const xp = await get("/api/v1/gamification/xp");
  expect(xp.body.data.map((r: { source: string; amount: number }) => [r.source, r.amount])).toEqual([["badge", 50], ["streak_week", 25], ["daily_share", 50]]);
  const summary = await get("/api/v1/gamification/xp/summary");
  expect(summary.body.total_xp).toBe(125);
  expect((await get("/api/v1/gamification/streaks")).body).toMatchObject({ current_streak: 1, longest_streak: 1, this_week_counts: true });
  expect((await get("/api/v1/gamification/badges/first_share")).body.earned).not.toBeNull();
  const missing = await get("/api/v1/gamification/badges/no_such_badge");
  expect(missing.status).toBe(404);
  expect(missing.body.error.code).toBe("BADGE_NOT_FOUND");
  expect((await get("/api/v1/gamification/badges/Bad-Slug!")).status).toBe(422);
  // Not an admin: no manual grants.
  const me = (await get("/api/v1/users/me")).body;
  const minerId = (me.user ?? me).id as number;
  expect((await fetch(`${web}/api/v1/admin/users/${minerId}/badges/node_runner`, { method: "POST", headers: auth })).status).toBe(403);

  // An admin grants node_runner (its XP follows), a second grant changes nothing, a revoke takes it back.
  const login = await fetch(`${web}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "op@pool.lan", password: "Admin-Pass-2026" }) });
  expect(login.status).toBe(200);
  const admin = { authorization: `Bearer ${((await login.json()) as { access_token: string }).access_token}` };
  const call = async (method: string, path: string) => {
    const r = await fetch(`${web}${path}`, { method, headers: admin });
    return { status: r.status, body: (await r.json()) as any };
  };
  expect((await fetch(`${web}/api/v1/admin/gamification/badge-stats/refresh`, { method: "POST", headers: auth })).status).toBe(403);
  expect((await call("POST", "/api/v1/admin/gamification/badge-stats/refresh")).body.data).toContainEqual({ slug: "first_share", total_earned: 1, players: 1, percentage: 100 });
  expect((await get("/api/v1/gamification/badges/first_share")).body.stats).toEqual({ total_earned: 1, percentage: 100 });
  expect(await call("POST", `/api/v1/admin/users/${minerId}/badges/node_runner`)).toEqual({ status: 200, body: { granted: true } });
  expect(await call("POST", `/api/v1/admin/users/${minerId}/badges/node_runner`)).toEqual({ status: 200, body: { granted: false } });
  expect((await get("/api/v1/gamification/level")).body.total_xp).toBe(325);
  expect((await call("POST", `/api/v1/admin/users/999999/badges/node_runner`)).status).toBe(404);
  expect((await call("POST", `/api/v1/admin/users/${minerId}/badges/nope`)).status).toBe(404);
  expect(await call("DELETE", `/api/v1/admin/users/${minerId}/badges/node_runner`)).toEqual({ status: 200, body: { revoked: true } });
  expect((await get("/api/v1/gamification/level")).body.total_xp).toBe(125);
  const audit = (await call("GET", `/api/v1/admin/audit?action=admin_action`)).body.data as { metadata: { op: string; slug: string } }[];
  expect(audit.map((a) => a.metadata.op).sort()).toEqual(["badge_granted", "badge_revoked"]);
});
