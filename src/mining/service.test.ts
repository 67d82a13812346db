import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ShareSubmittedEvent } from "../../stratum/index.ts";
import { loadConfig } from "../config.ts";
import type { Storage } from "../db/storage.ts";
import { openTestStorage } from "../../test/storage.ts";
import { createEventBus, type PoolBus } from "../events.ts";
import { createApp, type App } from "../http/app.ts";
import { silentLogger } from "../log.ts";
import { HASHES_PER_DIFF } from "./hashrate.ts";
import { createMining, type Mining } from "./service.ts";
import { miningFeature } from "../http/features/mining.ts";

const ADDR = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq";
const OTHER = "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh";
const T0 = Date.UTC(2026, 10, 18, 12, 0, 0); // a Wednesday
let clock = T0;
let dir: string, storage: Storage, app: App, mining: Mining, bus: PoolBus;

const pool = { status: () => ({ listening: true, port: 3333, sessions: 0, workers: 0, node: { state: "ready" as const, since: 0 }, blocksFound: 0 }) };

function share(over: Partial<ShareSubmittedEvent>): ShareSubmittedEvent {
  return {
    source: "hosted", address: ADDR, worker: "bitaxe", userAgent: "bitaxe/BM1366/v2.4.0", ip: "192.168.1.20", sessionId: "a", jobId: "1", height: 924_000,
    accepted: true, targetDifficulty: 500, shareDifficulty: 900, rejectCode: null, rejectReason: null, isBlock: false, timestamp: T0, ...over,
  };
}

const get = async (path: string, headers: Record<string, string> = {}) => {
  const res = await app.handle(new Request(`http://pool.lan:8080${path}`, { headers: { host: "pool.lan:8080", ...headers } }));
  const type = res.headers.get("content-type") ?? "";
  return { status: res.status, body: type.includes("json") ? await res.json() : await res.text() } as { status: number; body: any };
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tbg-mining-"));
  storage = await openTestStorage("service");
  const r = loadConfig({ TBG_DATA_DIR: dir });
  if (!r.ok) throw new Error(r.errors.join("\n"));
  mining = await createMining({ storage, log: silentLogger, config: r.config, now: () => clock, flushIntervalMs: 60_000 });
  app = await createApp({ config: r.config, storage, log: silentLogger, pool, version: "test", startedAt: T0, now: () => clock }, [miningFeature(mining)]);
  bus = createEventBus();
  mining.attach(bus);
  const base = { source: "hosted" as const, userAgent: "bitaxe/BM1366/v2.4.0", ip: "192.168.1.20", timestamp: T0 - 60_000 };
  bus.publish("miner_connected", { ...base, address: ADDR, worker: "bitaxe", sessionId: "a" });
  bus.publish("miner_connected", { ...base, address: ADDR, worker: "<nerd>", sessionId: "b", userAgent: "NerdMiner" });
  bus.publish("new_block_network", { source: "hosted", height: 924_000, hash: "00".repeat(32), difficulty: 1.5e14, timestamp: T0 - 60_000 });
  // 600 accepted shares of difficulty 500 over 10 minutes (one a second), 30 rejects, one block.
  for (let i = 1; i <= 600; i++) {
    bus.publish("share_submitted", share({ timestamp: T0 - 600_500 + i * 1000, shareDifficulty: 500 + i, worker: i % 3 ? "bitaxe" : "<nerd>" }));
  }
  for (let i = 0; i < 30; i++) bus.publish("share_submitted", share({ accepted: false, rejectCode: i % 2 ? 21 : 22, rejectReason: i % 2 ? "Stale" : "Duplicate", shareDifficulty: 0, timestamp: T0 - 1000 }));
  bus.publish("share_submitted", share({ address: OTHER, worker: "s9", shareDifficulty: 5000, timestamp: T0 - 5000 }));
  bus.publish("block_found", {
    source: "hosted", hash: "ab".repeat(32), height: 924_001, address: ADDR, worker: "bitaxe", accepted: true, reason: null,
    shareDifficulty: 2e14, networkDifficulty: 1.5e14, rewardSats: 312_500_000, timestamp: T0,
  });
  await mining.flush();
});

afterAll(async () => {
  await mining.stop();
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("mining API", () => {
  test("dashboard: hashrate from the share stream, workers, bests, network", async () => {
    const { status, body } = await get(`/api/v1/mining/dashboard?address=${ADDR}`);
    expect(status).toBe(200);
    const expected = (600 * 500 * HASHES_PER_DIFF) / 600;
    expect(Math.abs(body.hashrate.current / expected - 1)).toBeLessThan(0.05);
    expect(body.hashrate.sparkline_24h).toHaveLength(24);
    expect(body.shares.today).toBe(600);
    expect(body.shares.accepted_rate).toBe(Math.round((600 / 630) * 1000) / 10);
    expect(body.workers).toEqual({ online: 2, total: 2 });
    expect(body.best_diff).toMatchObject({ weekly: 1100, alltime: 1100, weekly_rank: 2, weekly_percentile: 0 });
    expect(body.network).toEqual({ difficulty: 1.5e14, block_height: 924_000, next_retarget_blocks: 2016 - (924_001 % 2016) });
  });

  test("errors: missing, malformed and unknown miners; bad cursor", async () => {
    expect((await get("/api/v1/mining/dashboard")).body.error.code).toBe("MINER_REQUIRED");
    expect((await get("/api/v1/mining/workers?address=hello")).body.error.code).toBe("INVALID_ADDRESS");
    const unknown = await get("/api/v1/mining/workers?address=bc1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq");
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe("NOT_FOUND");
    const bad = await get(`/api/v1/mining/shares?address=${ADDR}&cursor=notbase64json`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("INVALID_CURSOR");
    expect((await get(`/api/v1/mining/shares?address=${ADDR}&limit=1000`)).status).toBe(422);
  });

  test("workers, one worker, and its recent shares", async () => {
    const { body } = await get(`/api/v1/mining/workers?address=${ADDR}`);
    expect(body.data.map((w: any) => [w.name, w.is_online, w.shares_accepted])).toEqual([["<nerd>", true, 200], ["bitaxe", true, 400]]);
    const one = await get(`/api/v1/mining/workers/${body.data[1].id}?address=${ADDR}`);
    expect(one.body.name).toBe("bitaxe");
    expect(one.body.recent_shares).toHaveLength(20);
    expect((await get(`/api/v1/mining/workers/999999?address=${ADDR}`)).status).toBe(404);
  });

  test("share history pages with a cursor until the end, every share once", async () => {
    const seen = new Set<number>();
    let cursor: string | null = null;
    let pages = 0;
    do {
      const { body }: { body: any } = await get(`/api/v1/mining/shares?address=${ADDR}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      for (const s of body.data) seen.add(s.id);
      cursor = body.pagination.next_cursor;
      pages++;
    } while (cursor && pages < 20);
    expect(seen.size).toBe(630);
    expect(pages).toBe(7);
    const live = await get(`/api/v1/mining/shares/live?address=${ADDR}`);
    expect(live.body.data).toHaveLength(20);
    expect(live.body.data[0]).toMatchObject({ accepted: false, reject_reason: "Stale" });
  });

  test("hashrate history, difficulty, blocks, bests, daily stats, setup", async () => {
    const h = await get(`/api/v1/mining/hashrate?address=${ADDR}&range=1h`);
    expect(h.body.points).toHaveLength(60);
    const total = h.body.points.reduce((a: number, p: any) => a + p.accepted, 0);
    expect(total).toBe(600);
    const d = await get(`/api/v1/mining/difficulty?address=${ADDR}`);
    expect(d.body.scatter).toHaveLength(600);
    expect(d.body.distribution.reduce((a: number, b: any) => a + b.count, 0)).toBe(600);
    const b = await get("/api/v1/mining/blocks");
    expect(b.body.data).toHaveLength(1);
    expect(b.body.data[0]).toMatchObject({ height: 924_001, worker: "bitaxe", reward_sats: 312_500_000, status: "accepted" });
    const pb = await get(`/api/v1/mining/personal-bests?address=${ADDR}`);
    // The block at T0 starts a new "since last block" era: shares before it do not count there.
    expect(pb.body.alltime.difficulty).toBe(1100);
    expect(pb.body.week.difficulty).toBe(1100);
    expect(pb.body.block).toBeUndefined();
    const best = await get(`/api/v1/mining/best-diff?address=${ADDR}`);
    expect(best.body).toMatchObject({ best_difficulty: 1100, shares: 600, rank: 2, miners: 2 });
    const daily = await get(`/api/v1/mining/daily-stats?address=${ADDR}`);
    expect(daily.body.data[0]).toMatchObject({ date: "2026-11-18", accepted_shares: 600, rejected_shares: 30, workers_active: 2 });
    const setup = await get(`/api/v1/mining/setup?address=${ADDR}`);
    expect(setup.body).toMatchObject({ stratum_url: "stratum+tcp://pool.lan:3333", username: `${ADDR}.worker1` });
  });
});

describe("public API", () => {
  test("pool stats", async () => {
    const { status, body } = await get("/api/v1/public/stats");
    expect(status).toBe(200);
    expect(body.miners).toEqual({ total: 2, online: 2 });
    expect(body.workers).toEqual({ total: 3, online: 3 });
    expect(body.blocks.found).toBe(1);
    expect(body.hashrate["1m"]).toBeGreaterThan(0);
  });

  test("ckpool-format user JSON at ckpool's path and under the API", async () => {
    const a = await get(`/users/${ADDR}`);
    const b = await get(`/api/v1/public/ckpool/${ADDR}`);
    expect(a.body).toEqual(b.body);
    expect(a.body).toMatchObject({ workers: 2, shares: 300_000, bestever: 1100, bestshare: 0, lastshare: Math.floor((T0 - 500) / 1000) });
    expect(a.body.hashrate1m).toMatch(/^\d+(\.\d+)?[KMGTPE]$/);
    expect(a.body.worker.map((w: any) => w.workername).sort()).toEqual([`${ADDR}.<nerd>`, `${ADDR}.bitaxe`]);
    expect((await get("/users/bc1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq")).status).toBe(404);
  });
});

describe("pages", () => {
  test("dashboard renders the miner's workers escaped; htmx gets the fragment", async () => {
    const full = await get(`/dashboard?address=${ADDR}`);
    expect(full.status).toBe(200);
    expect(full.body).toContain("<!doctype html>");
    expect(full.body).toContain("&lt;nerd&gt;");
    expect(full.body).not.toContain("<nerd>");
    expect(full.body).toContain('id="hashrate-chart"');
    const frag = await get(`/dashboard?address=${ADDR}`, { "hx-request": "true" });
    expect(frag.body).not.toContain("<!doctype html>");
    expect((await get("/dashboard?address=bc1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq")).status).toBe(404);
  });

  test("pool page and setup live check", async () => {
    const p = await get("/pool");
    expect(p.body).toContain('data-testid="pool-blocks">1<');
    const s = await get(`/setup?address=${OTHER}`);
    expect(s.body).toContain("stratum+tcp://pool.lan:3333");
    expect(s.body).toContain('data-state="waiting"');
    const since = clock;
    const waiting = await get(`/partials/setup/wait?address=${OTHER}&since=${since}`);
    expect(waiting.body).toContain('data-state="waiting"');
    bus.publish("share_submitted", share({ address: OTHER, worker: "newrig", userAgent: "cgminer/4.12", timestamp: since + 2000 }));
    await bus.drain();
    clock = since + 3000;
    const done = await get(`/partials/setup/wait?address=${OTHER}&since=${since}`);
    expect(done.body).toContain('data-state="done"');
    expect(done.body).toContain("newrig");
  });
});
