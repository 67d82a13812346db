// Two instances' registries on one real PostgreSQL database: each sees the pool-wide sum of
// both; a miner mining on both counts once; an instance that stops cleanly, or dies and goes
// quiet, stops counting; the leader forgets long-dead rows.
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freshPostgresUrl } from "../../test/postgres.ts";
import { openStorage, type Storage } from "../db/storage.ts";
import { silentLogger } from "../log.ts";
import { createRegistry, FORGET_MS, LIVE_MS, type LiveNumbers, type Registry } from "./registry.ts";

const T0 = Date.parse("2026-12-01T12:00:00Z");
const opened: Storage[] = [];
const registries: Registry[] = [];
afterAll(async () => {
  for (const r of registries) await r.stop();
  for (const s of opened) await s.close();
});

const numbers = (hashrate: number, extra: Partial<LiveNumbers> = {}): LiveNumbers => ({
  sessions: 1, workers: 1, miners: 1, blocksFound: 0, hashrate: { "1m": hashrate, "5m": hashrate, "1h": hashrate, "1d": hashrate, "7d": hashrate }, ...extra,
});

test("each instance sees the pool-wide sum over live instances, miners counted once", async () => {
  const url = await freshPostgresUrl("registry");
  const sa = await openStorage(url, { postgres: { max: 3 } });
  const sb = await openStorage(url, { migrate: false, postgres: { max: 3 } });
  opened.push(sa, sb);
  let clock = T0;
  const now = () => clock;
  const liveA = { n: numbers(1e12, { blocksFound: 1 }) };
  const a = await createRegistry(sa, {
    id: "a", version: "0.1.0", startedAt: T0, stratumUrl: "stratum+tcp://a:3333", stratumPort: 3333, live: () => liveA.n, isLeader: () => true, log: silentLogger, now, intervalMs: 60_000,
  });
  const b = await createRegistry(sb, {
    id: "b", version: "0.1.0", startedAt: T0, stratumUrl: "stratum+tcp://b:3334", stratumPort: 3334, live: () => numbers(3e12, { sessions: 2, workers: 2 }), isLeader: () => false, log: silentLogger, now, intervalMs: 60_000,
  });
  registries.push(a, b);

  // The same miner has a rig on each instance (rows as the two mining writers leave them).
  const u = await sa.repos.users.insertUser({ btcAddress: "bcrt1qsameminer" }, T0);
  if (sa.engine !== "postgres") throw new Error("PostgreSQL expected");
  await sa.pg.sql`INSERT INTO workers (user_id, name, is_online, last_share_at, connected_at) VALUES (${u.id}, 'on-a', true, ${T0}, ${T0}), (${u.id}, 'on-b', true, ${T0}, ${T0})`;

  const wa = await a.refresh();
  const wb = await b.refresh();
  for (const w of [wa, wb]) {
    expect(w.instances.map((i) => [i.id, i.stratumUrl, i.leader])).toEqual([["a", "stratum+tcp://a:3333", true], ["b", "stratum+tcp://b:3334", false]]);
    expect(w.hashrate["5m"]).toBe(4e12);
    expect(w.sessions).toBe(3);
    expect(w.blocksFound).toBe(1);
    expect(w.miners).toBe(1);
    expect(w.workers).toBe(2);
  }
  expect(wa.instances.find((i) => i.self)?.id).toBe("a");
  expect(a.poolWide()).toEqual(wa);

  // b dies without a word: once its heartbeat is older than LIVE_MS it no longer counts...
  clock = T0 + LIVE_MS + 1;
  await sa.pg.sql`UPDATE workers SET last_share_at = ${clock} WHERE name = 'on-a'`;
  const later = await a.refresh();
  expect(later.instances.map((i) => i.id)).toEqual(["a"]);
  expect(later.hashrate["5m"]).toBe(1e12);
  // ...and its worker, still marked online, stops counting once quiet for the active window.
  expect(later.workers).toBe(2);
  clock = T0 + FORGET_MS + 1;
  await sa.pg.sql`UPDATE workers SET last_share_at = ${clock} WHERE name = 'on-a'`;
  const quiet = await a.refresh();
  expect([quiet.miners, quiet.workers]).toEqual([1, 1]);
  // The leader (a) forgot b's row.
  expect((await sa.repos.instances.listLive(0)).map((r) => r.id)).toEqual(["a"]);

  // A clean stop removes the row at once.
  await a.stop();
  expect(await sb.repos.instances.listLive(0)).toEqual([]);
});

test("on SQLite the one instance's row is the pool", async () => {
  const s = await openStorage(join(mkdtempSync(join(tmpdir(), "tbg-reg-")), "tbg.sqlite"));
  opened.push(s);
  const r = await createRegistry(s, {
    id: "solo", version: "0.1.0", startedAt: T0, stratumUrl: null, stratumPort: 3333, live: () => numbers(5e9), isLeader: () => true, log: silentLogger, intervalMs: 60_000,
  });
  registries.push(r);
  const w = r.poolWide()!;
  expect(w.instances.map((i) => [i.id, i.self, i.leader])).toEqual([["solo", true, true]]);
  expect(w.hashrate["1h"]).toBe(5e9);
});
