// The widget summary as a Home Assistant REST sensor reads it: flat numbers without an account;
// a miner's part follows their privacy settings (hidden profile = 404 like an unknown address,
// hidden hashrate = null hashrate and odds).
import { afterAll, beforeAll, expect, test } from "bun:test";
import { fullApp, MINER, share, type FullApp } from "../../../test/full-app.ts";
import { odds } from "./widget.ts";

let f: FullApp;
const get = async (path: string) => {
  const r = await f.app.handle(new Request(`http://127.0.0.1${path}`));
  return { status: r.status, body: (await r.json()) as Record<string, any> };
};

beforeAll(async () => {
  f = await fullApp();
  const t = Date.now();
  f.bus.publish("new_block_network", { source: "hosted", height: 925_000, hash: "00".repeat(32), difficulty: 1.29e14, timestamp: t });
  f.bus.publish("miner_connected", { source: "hosted", address: MINER, worker: "nerdqaxe", userAgent: "NerdQAxe++/1.0", ip: "192.168.1.21", sessionId: "w", timestamp: t } as never);
  for (let i = 0; i < 20; i++) f.bus.publish("share_submitted", share("nerdqaxe", t - 60_000 + i * 1000));
  await f.flush();
}, 60_000);
afterAll(() => f?.close());

test("odds: a 1 TH/s miner at difficulty 1.29e14 expects a block in about 17,560 years", () => {
  const o = odds(1e12, 1.29e14);
  expect(o.expectedDays! / 365.25).toBeCloseTo(17_557, -1);
  expect(o.perDay).toBeCloseTo(1 - Math.exp(-1 / o.expectedDays!), 12);
  expect(odds(0, 1e14)).toEqual({ perDay: null, expectedDays: null });
  expect(odds(1e12, null)).toEqual({ perDay: null, expectedDays: null });
});

test("the pool summary: flat numbers, no account needed", async () => {
  const r = await get("/api/v1/public/summary");
  expect(r.status).toBe(200);
  const p = r.body.pool;
  expect(p.hashrate_5m).toBeGreaterThan(0);
  expect(p.workers_online).toBeGreaterThanOrEqual(1);
  expect(p.network_difficulty).toBe(1.29e14);
  expect(p.odds_per_day).toBeGreaterThan(0);
  expect(p.odds_per_day).toBeLessThan(1);
  for (const v of Object.values(p)) expect(["number", "object"]).toContain(typeof v); // numbers or null: a sensor's state
});

test("a miner's summary, then hidden hashrate, then a hidden profile", async () => {
  let r = await get(`/api/v1/public/summary/${MINER}`);
  expect(r.status).toBe(200);
  expect(r.body.miner.address).toBe(MINER);
  expect(r.body.miner.hashrate_5m).toBeGreaterThan(0);
  expect(r.body.miner.workers_online).toBeGreaterThanOrEqual(1);
  expect(r.body.miner.best_diff_alltime).toBeGreaterThan(0);
  expect(r.body.miner.expected_days).toBeGreaterThan(0);

  const user = (await f.storage.repos.users.findUserByAddress(MINER))!;
  await f.storage.repos.users.updateSettings(user.id, { privacyShowHashrate: false }, Date.now());
  r = await get(`/api/v1/public/summary/${MINER}`);
  expect(r.body.miner.hashrate_5m).toBeNull();
  expect(r.body.miner.odds_per_day).toBeNull();
  expect(r.body.miner.expected_days).toBeNull();
  expect(r.body.miner.best_diff_alltime).toBeGreaterThan(0);

  await f.storage.repos.users.updateSettings(user.id, { privacyShowProfile: false }, Date.now());
  const hidden = await get(`/api/v1/public/summary/${MINER}`);
  const unknown = await get("/api/v1/public/summary/bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh");
  expect(hidden.status).toBe(404);
  expect(unknown.status).toBe(404);
  expect(hidden.body.error.message).toBe(unknown.body.error.message);
  await f.storage.repos.users.updateSettings(user.id, { privacyShowProfile: true, privacyShowHashrate: true }, Date.now());

  expect((await get("/api/v1/public/summary/not-an-address")).status).toBe(400);
});
