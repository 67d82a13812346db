// A miner who turns their public profile off must look, to everyone else, exactly like an
// address that never mined: on the JSON API, the dashboard page and its partials, and the setup
// page's wait partial. Signed in, they still see their own numbers.
import { afterAll, expect, test } from "bun:test";
import { createHarness, wallet } from "../auth/test-harness.ts";
import { createEventBus, type PoolBus } from "../events.ts";
import { createApp } from "../http/app.ts";
import { silentLogger } from "../log.ts";
import { createMining } from "./service.ts";
import { accountsFeature } from "../http/features/accounts.ts";
import { miningFeature } from "../http/features/mining.ts";

const h = await createHarness();
// Mining works on the accounts' storage (the suite's engine): it sees their users and settings.
const storage = h.storage;
const mine = wallet(new Uint8Array(32).fill(7));
const other = wallet(new Uint8Array(32).fill(9));
const never = wallet(new Uint8Array(32).fill(11)).p2wpkh;
const mining = await createMining({ storage, log: silentLogger, config: h.config, now: () => h.clock.t, optionalUser: h.accounts.guards.optionalUser, flushIntervalMs: 60_000 });
afterAll(async () => {
  await mining.stop();
  await h.close();
});
const bus: PoolBus = createEventBus();
mining.attach(bus);
const share = (address: string, worker: string) => ({
  source: "hosted" as const, address, worker, userAgent: "bitaxe", ip: "10.0.0.2", sessionId: worker, jobId: "1", height: 1,
  accepted: true, targetDifficulty: 1000, shareDifficulty: 1500, rejectCode: null, rejectReason: null, isBlock: false, timestamp: h.clock.t,
});
bus.publish("share_submitted", share(mine.p2wpkh, "mine-rig"));
bus.publish("share_submitted", share(other.p2wpkh, "other-rig"));
await mining.flush();

const app = await createApp(
  { config: h.config, storage, log: silentLogger, pool: { status: () => ({ listening: true, port: 3333, sessions: 0, workers: 0, node: { state: "ready", since: 0 }, blocksFound: 0 }) }, version: "t", startedAt: 0, now: () => h.clock.t },
  [accountsFeature(h.accounts), miningFeature(mining)],
);
const get = async (path: string, headers: Record<string, string> = {}) => {
  const r = await app.handle(new Request(`http://localhost${path}`, { headers }));
  return { status: r.status, text: await r.text() };
};

const c = await h.call("POST", "/api/v1/auth/challenge", { body: { btc_address: mine.p2wpkh } });
const token = (await h.call("POST", "/api/v1/auth/verify", { body: { btc_address: mine.p2wpkh, nonce: c.body.nonce, signature: mine.signLegacy(c.body.challenge) } })).body.access_token as string;
const owner = { authorization: `Bearer ${token}` };

const API = ["dashboard", "workers", "workers/1", "shares", "shares/live", "hashrate", "difficulty", "best-diff", "personal-bests", "daily-stats"].map((p) => `/api/v1/mining/${p}?address=`);
const PAGES = ["/dashboard?address=", "/partials/dashboard?address=", "/partials/setup/wait?since=0&address="];

test("with show_profile on, anonymous callers see the miner (the baseline the hidden case differs from)", async () => {
  for (const path of [...API, ...PAGES]) expect((await get(path + mine.p2wpkh)).status).toBe(200);
  expect((await get(`/partials/setup/wait?since=0&address=${mine.p2wpkh}`)).text).toContain("mine-rig");
});

test("with show_profile off, every path answers exactly as for an address that never mined", async () => {
  expect((await h.call("PATCH", "/api/v1/users/me/settings", { token, body: { privacy_show_profile: false } })).status).toBe(200);
  for (const path of [...API, ...PAGES]) {
    const hidden = await get(path + mine.p2wpkh);
    const unknown = await get(path + never);
    // Same status and the same body, apart from the address the caller typed in.
    expect({ path, status: hidden.status }).toEqual({ path, status: unknown.status });
    expect(hidden.text.replaceAll(mine.p2wpkh, "ADDR")).toBe(unknown.text.replaceAll(never, "ADDR"));
    expect(hidden.text).not.toContain("mine-rig");
  }
  expect((await get(`/api/v1/mining/workers?address=${mine.p2wpkh}`)).status).toBe(404);
  // Others are unaffected.
  expect((await get(`/api/v1/mining/workers?address=${other.p2wpkh}`)).text).toContain("other-rig");
});

test("the signed-in owner still sees their own data everywhere", async () => {
  for (const path of [...API, ...PAGES]) expect({ path, status: (await get(path + mine.p2wpkh, owner)).status }).toEqual({ path, status: 200 });
  expect((await get(`/api/v1/mining/workers?address=${mine.p2wpkh}`, owner)).text).toContain("mine-rig");
  expect((await get(`/dashboard?address=${mine.p2wpkh}`, owner)).text).toContain("mine-rig");
  expect((await get(`/partials/setup/wait?since=0&address=${mine.p2wpkh}`, owner)).text).toContain("mine-rig");
  // Another signed-in user does not.
  const o = await h.call("POST", "/api/v1/auth/challenge", { body: { btc_address: other.p2wpkh } });
  const otherToken = (await h.call("POST", "/api/v1/auth/verify", { body: { btc_address: other.p2wpkh, nonce: o.body.nonce, signature: other.signLegacy(o.body.challenge) } })).body.access_token as string;
  expect((await get(`/dashboard?address=${mine.p2wpkh}`, { authorization: `Bearer ${otherToken}` })).status).toBe(404);
});

test("a fractional page size or worker id is a 422 with the error shape, not a 500", async () => {
  for (const path of [`/api/v1/mining/blocks?limit=1.5`, `/api/v1/mining/shares?limit=1.5&address=${other.p2wpkh}`, `/api/v1/mining/daily-stats?limit=1.5&address=${other.p2wpkh}`]) {
    const r = await get(path);
    expect({ path, status: r.status }).toEqual({ path, status: 422 });
    expect(JSON.parse(r.text).error).toMatchObject({ code: "VALIDATION_ERROR", details: [{ field: "limit" }] });
  }
  expect((await get(`/api/v1/mining/blocks?limit=2`)).status).toBe(200);
  const worker = await get(`/api/v1/mining/workers/1.5?address=${other.p2wpkh}`);
  expect(worker.status).toBe(422);
  expect(JSON.parse(worker.text).error.code).toBe("VALIDATION_ERROR");
});
