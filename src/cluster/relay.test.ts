// Two relays on one real PostgreSQL database, each with its own local bus as two instances
// have: an event published on one instance reaches the other's relayed bus marked remote, never
// its local bus (where the mining writer would store it a second time), and never comes back
// to its sender as remote.
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BlockFoundEvent, NewBlockNetworkEvent } from "../../stratum/index.ts";
import { freshPostgresUrl } from "../../test/postgres.ts";
import { until } from "../../test/until.ts";
import { openStorage, type Storage } from "../db/storage.ts";
import { createEventBus, type PoolBus } from "../events.ts";
import type { PoolEventMap } from "../events.ts";
import { silentLogger } from "../log.ts";
import { createRelay, type Relay, type Relayed } from "./relay.ts";

const opened: Storage[] = [];
const relays: Relay<PoolEventMap>[] = [];
afterAll(async () => {
  for (const r of relays) await r.stop();
  for (const s of opened) await s.close();
});

const block = (height: number, extra: Partial<BlockFoundEvent> = {}): BlockFoundEvent => ({
  source: "hosted", hash: "ab".repeat(32), height, address: "bcrt1qexampleaddress", worker: "rig1", accepted: true, reason: null,
  shareDifficulty: 1.5, networkDifficulty: 4.6e-10, rewardSats: 5_000_000_000, timestamp: 1_790_000_000_000 + height, ...extra,
});
const tip = (height: number): NewBlockNetworkEvent => ({ source: "hosted", height, hash: "cd".repeat(32), difficulty: 1, timestamp: 1_790_000_000_000 });

async function instance(target: string, id: string) {
  const storage = await openStorage(target, { postgres: { max: 3 } });
  opened.push(storage);
  const bus: PoolBus = createEventBus();
  const relay = await createRelay<PoolEventMap>(storage, bus, { names: ["block_found", "new_block_network"], instanceId: id, log: silentLogger });
  relays.push(relay);
  const local: string[] = [];
  // What the mining writer would see: the local bus.
  bus.on("block_found", (e) => void local.push(`block ${e.height}`));
  const pool: Relayed<unknown>[] = [];
  relay.events.on("block_found", (r) => void pool.push(r));
  relay.events.on("new_block_network", (r) => void pool.push(r));
  return { storage, bus, relay, local, pool };
}

test("an event published on one instance reaches the other as remote, in order, and is never stored twice", async () => {
  const url = await freshPostgresUrl("relay");
  const a = await instance(url, "inst-a");
  const b = await instance(url, "inst-b");

  a.bus.publish("block_found", block(101));
  a.bus.publish("new_block_network", tip(101));
  b.bus.publish("block_found", block(102, { worker: "rig2" }));
  // Not relayed: share events stay on their instance.
  a.bus.publish("share_submitted", {} as PoolEventMap["share_submitted"]);

  await until("b to hear a's two events", 5000, () => (b.pool.filter((r) => r.origin === "remote").length >= 2 ? true : null), 20);
  await until("a to hear b's block", 5000, () => (a.pool.some((r) => r.origin === "remote") ? true : null), 20);
  await Bun.sleep(200); // anything extra (an echo) would arrive by now

  expect(b.pool.filter((r) => r.origin === "remote")).toEqual([
    { origin: "remote", instance: "inst-a", event: block(101) },
    { origin: "remote", instance: "inst-a", event: tip(101) },
  ]);
  expect(a.pool).toEqual([
    { origin: "local", instance: "inst-a", event: block(101) },
    { origin: "local", instance: "inst-a", event: tip(101) },
    { origin: "remote", instance: "inst-b", event: block(102, { worker: "rig2" }) },
  ]);
  // Each local bus carries only its own instance's block: the writers store each block once.
  expect(a.local).toEqual(["block 101"]);
  expect(b.local).toEqual(["block 102"]);
  expect(a.relay.stats()).toMatchObject({ sent: 2, received: 1, ownIgnored: 2, tooLarge: 0, sendErrors: 0 });
  expect(b.relay.stats()).toMatchObject({ sent: 1, received: 2, ownIgnored: 1 });
});

test("an event too large for NOTIFY is not sent and is counted; foreign payloads on the channel are ignored", async () => {
  const url = await freshPostgresUrl("relay_big");
  const a = await instance(url, "inst-a");
  const b = await instance(url, "inst-b");
  a.bus.publish("block_found", block(1, { reason: "x".repeat(9000) }));
  if (a.storage.engine !== "postgres") throw new Error("PostgreSQL expected");
  await a.storage.pg.sql.notify("tbg_events", "not json");
  await a.storage.pg.sql.notify("tbg_events", JSON.stringify({ v: 1, i: "x", n: "share_submitted", e: {} }));
  a.bus.publish("block_found", block(2));
  await until("b to hear block 2", 5000, () => (b.pool.length > 0 ? true : null), 20);
  expect(b.pool.map((r) => (r.event as BlockFoundEvent).height)).toEqual([2]);
  expect(a.relay.stats()).toMatchObject({ sent: 1, tooLarge: 1 });
  expect(b.relay.stats()).toMatchObject({ received: 1, malformed: 2 });
  // The sender still saw its own event locally.
  expect(a.pool.map((r) => [r.origin, (r.event as BlockFoundEvent).height])).toEqual([["local", 1], ["local", 2]]);
});

test("on SQLite the relay sends nothing and still forwards local events to the relayed bus", async () => {
  const a = await instance(join(mkdtempSync(join(tmpdir(), "tbg-relay-")), "tbg.sqlite"), "solo");
  a.bus.publish("block_found", block(7));
  await a.bus.drain();
  await a.relay.events.drain();
  expect(a.pool).toEqual([{ origin: "local", instance: "solo", event: block(7) }]);
  expect(a.local).toEqual(["block 7"]);
  expect(a.relay.stats()).toMatchObject({ sent: 0, received: 0 });
});
