// The instances repository on both engines: heartbeats create then rewrite one row per
// instance, only recent ones are live, stale ones are deleted, and pool-wide online counts come
// from the stored workers (distinct miners, quiet rows of a dead instance left out).
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freshPostgresUrl } from "../../test/postgres.ts";
import type { InstanceHeartbeat } from "./repos.ts";
import * as lite from "./schema/index.ts";
import * as pg from "./schema-pg/index.ts";
import { openStorage, type Storage } from "./storage.ts";

const T0 = Date.parse("2026-12-01T12:00:00Z");
const opened: Storage[] = [];
afterAll(async () => {
  for (const s of opened) await s.close();
});

const beat = (id: string, extra: Partial<InstanceHeartbeat> = {}): InstanceHeartbeat => ({
  id, startedAt: T0, version: "0.1.0", stratumUrl: `stratum+tcp://pool:${3333}`, stratumPort: 3333, httpUrl: null, isLeader: false,
  sessions: 2, workers: 2, miners: 1, hashrate1m: 1.5e12, hashrate5m: 1.25e12, hashrate1h: 1e12, hashrate1d: 9e11, hashrate7d: 8e11, blocksFound: 0, ...extra,
});

const engines = [
  { name: "sqlite", open: () => openStorage(join(mkdtempSync(join(tmpdir(), "tbg-inst-")), "tbg.sqlite")) },
  { name: "postgres", open: async () => openStorage(await freshPostgresUrl("instances"), { postgres: { max: 3 } }) },
] as const;

/** A worker row as the mining writer leaves it (tests only: the product writes these in batches). */
async function putWorker(s: Storage, userId: number, name: string, w: { online: boolean; lastShareAt: number | null; connectedAt: number | null }) {
  const row = { userId, name, isOnline: w.online, lastShareAt: w.lastShareAt, connectedAt: w.connectedAt };
  if (s.engine === "postgres") await s.pg.orm.insert(pg.workers).values(row);
  else s.sqlite.orm.insert(lite.workers).values(row).run();
}

for (const engine of engines) {
  describe(engine.name, () => {
    test("a heartbeat creates the row, the next rewrites it; live rows are the recent ones; stale ones go", async () => {
      const s = await engine.open();
      opened.push(s);
      const r = s.repos.instances;
      await r.heartbeat(beat("a"), T0);
      await r.heartbeat(beat("b", { startedAt: T0 + 1, stratumPort: 3334, isLeader: true }), T0 + 1000);
      await r.heartbeat(beat("a", { sessions: 5, hashrate5m: 2.5e12, blocksFound: 1, startedAt: T0 + 999 }), T0 + 5000);
      const live = await r.listLive(T0);
      expect(live.map((i) => i.id)).toEqual(["a", "b"]);
      // Rewritten numbers; the start time is the first one's.
      expect(live[0]).toEqual({ ...beat("a", { sessions: 5, hashrate5m: 2.5e12, blocksFound: 1 }), heartbeatAt: T0 + 5000 });
      expect(live[1]).toMatchObject({ id: "b", isLeader: true, stratumPort: 3334, heartbeatAt: T0 + 1000 });
      expect((await r.listLive(T0 + 2000)).map((i) => i.id)).toEqual(["a"]);
      expect(await r.deleteStale(T0 + 2000)).toBe(1);
      expect((await r.listLive(0)).map((i) => i.id)).toEqual(["a"]);
      await r.remove("a");
      expect(await r.listLive(0)).toEqual([]);
    });

    test("online counts are distinct miners over every instance's workers, without quiet rows", async () => {
      const s = await engine.open();
      opened.push(s);
      const u1 = await s.repos.users.insertUser({ btcAddress: "bcrt1qminer1" }, T0);
      const u2 = await s.repos.users.insertUser({ btcAddress: "bcrt1qminer2" }, T0);
      const u3 = await s.repos.users.insertUser({ btcAddress: "bcrt1qminer3" }, T0);
      const since = T0 - 600_000;
      // Miner 1 mines on two instances with two rigs: one miner, two workers.
      await putWorker(s, u1.id, "rig1", { online: true, lastShareAt: T0 - 1000, connectedAt: T0 - 3_600_000 });
      await putWorker(s, u1.id, "rig2", { online: true, lastShareAt: null, connectedAt: T0 - 5000 });
      // Miner 2: online flag left behind by an instance that died an hour ago.
      await putWorker(s, u2.id, "", { online: true, lastShareAt: T0 - 3_600_000, connectedAt: T0 - 7_200_000 });
      // Miner 3: disconnected.
      await putWorker(s, u3.id, "", { online: false, lastShareAt: T0 - 1000, connectedAt: T0 - 60_000 });
      expect(await s.repos.instances.onlineCounts(since)).toEqual({ miners: 1, workers: 2 });
      expect(await s.repos.instances.onlineCounts(T0 - 8_000_000)).toEqual({ miners: 2, workers: 3 });
    });
  });
}
