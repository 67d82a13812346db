// Once a miner signs in, /api/v1/mining/* answers for that account, whatever ?address= says.
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
afterAll(async () => {
  await h.close();
});

test("a signed-in miner sees their own workers; anonymous callers name an address; a bad token is 401", async () => {
  const mine = wallet(new Uint8Array(32).fill(7));
  const other = wallet(new Uint8Array(32).fill(9));
  const mining = await createMining({ storage, log: silentLogger, config: h.config, now: () => h.clock.t, optionalUser: h.accounts.guards.optionalUser, flushIntervalMs: 60_000 });
  const bus: PoolBus = createEventBus();
  mining.attach(bus);
  const share = (address: string, worker: string) => ({
    source: "hosted" as const, address, worker, userAgent: "bitaxe", ip: "10.0.0.2", sessionId: worker, jobId: "1", height: 1,
    accepted: true, targetDifficulty: 1000, shareDifficulty: 1500, rejectCode: null, rejectReason: null, isBlock: false, timestamp: h.clock.t,
  });
  bus.publish("share_submitted", share(mine.p2wpkh, "mine-rig"));
  bus.publish("share_submitted", share(other.p2wpkh, "other-rig"));
  await mining.flush();

  const c = await h.call("POST", "/api/v1/auth/challenge", { body: { btc_address: mine.p2wpkh } });
  const v = await h.call("POST", "/api/v1/auth/verify", { body: { btc_address: mine.p2wpkh, nonce: c.body.nonce, signature: mine.signLegacy(c.body.challenge) } });
  expect(v.status).toBe(200);
  const token = v.body.access_token as string;

  const app = await createApp(
    { config: h.config, storage, log: silentLogger, pool: { status: () => ({ listening: true, port: 3333, sessions: 0, workers: 0, node: { state: "ready", since: 0 }, blocksFound: 0 }) }, version: "t", startedAt: 0, now: () => h.clock.t },
    [accountsFeature(h.accounts), miningFeature(mining)],
  );
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const r = await app.handle(new Request(`http://localhost${path}`, { headers }));
    return { status: r.status, body: (await r.json()) as any };
  };
  const names = (b: { data: { name: string }[] }) => b.data.map((w) => w.name);

  // Signed in: own data, even when asking for someone else's address.
  expect(names((await get(`/api/v1/mining/workers?address=${other.p2wpkh}`, { authorization: `Bearer ${token}` })).body)).toEqual(["mine-rig"]);
  // Anonymous: the address named.
  expect(names((await get(`/api/v1/mining/workers?address=${other.p2wpkh}`)).body)).toEqual(["other-rig"]);
  // A tampered token is refused, not silently treated as anonymous.
  const bad = await get(`/api/v1/mining/workers?address=${other.p2wpkh}`, { authorization: `Bearer ${token.slice(0, -4)}AAAA` });
  expect(bad.status).toBe(401);

  // Privacy: a miner with no account shows everything; an account's choices are respected.
  expect(typeof (await get(`/api/v1/public/miners/${other.p2wpkh}`)).body.hashrate).toBe("number");
  const set = (body: Record<string, boolean>) => h.call("PATCH", "/api/v1/users/me/settings", { token, body });
  expect((await set({ privacy_show_profile: true, privacy_show_hashrate: false })).status).toBe(200);
  const shown = await get(`/api/v1/public/miners/${mine.p2wpkh}`);
  expect(shown.status).toBe(200);
  expect(shown.body.hashrate).toBeNull();
  expect((await set({ privacy_show_profile: false })).status).toBe(200);
  for (const path of [`/api/v1/public/miners/${mine.p2wpkh}`, `/users/${mine.p2wpkh}`, `/api/v1/public/ckpool/${mine.p2wpkh}`]) {
    const hidden = await get(path);
    expect(hidden.status).toBe(404);
    expect(hidden.body.error.code).toBe("NOT_FOUND");
  }
  await mining.stop();
});
