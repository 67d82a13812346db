// Tap batches applied as a group (tap-group.ts) on the engine the suite runs on: a retried
// batch id pays once whether its first try is in an earlier group or still waiting, a player's
// batches keep their order, and a group whose write fails (here a foreign key: a player deleted
// while their batch waited) is undone and replayed one batch at a time, so only the bad batch
// is refused and every other batch is paid exactly once.
import { afterEach, beforeEach, expect, setDefaultTimeout, test } from "bun:test";
import { openTestStorage, testQuery, testQueryOne } from "../../test/storage.ts";
import type { Storage } from "../db/storage.ts";
import { silentLogger, teeLogger, type LogEntry } from "../log.ts";
import { createTokens, type TapResult, type Tokens } from "./service.ts";
import { TAP } from "./tap.ts";
import { tokens as tk } from "./units.ts";

setDefaultTimeout(30_000);
const T0 = Date.UTC(2026, 11, 2, 9, 0, 0);
let storage: Storage;
let svc: Tokens;
let clock = T0;
let logs: LogEntry[];

beforeEach(async () => {
  storage = await openTestStorage("tapgroup");
  clock = T0;
  logs = [];
  // One group at a time on both engines, so the batches fired together below share one.
  svc = createTokens({ repos: storage.repos, log: teeLogger(silentLogger, (e) => logs.push(e), "warn"), now: () => clock, rollCrit: () => false, tapLanes: 1 });
});
afterEach(async () => {
  await svc.stop();
  await storage.close();
});

const users = async (n: number) => {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) ids.push((await storage.repos.users.insertUser({ email: `g${i}@example.org`, authMethod: "email" }, T0)).id);
  return ids;
};
/** What the ledger holds: per user, the sum of its transactions and its balance. */
const ledger = async (id: number) => {
  const w = await svc.wallet(id);
  return { balance: w.balance, txSum: await storage.repos.tokens.transactionSum(id), taps: (await storage.repos.tokens.getTapState(id))?.tapsTotal ?? 0 };
};
const TEN_TAPS = 10 * tk(1); // a fresh player, no combo step yet, no crits

test("a retried batch id pays once: its first try in an earlier group, or still waiting in the same queue", async () => {
  const [lead, a, b, c] = await users(4);
  // b's batch "b-1" is paid in a group of its own first.
  expect((await svc.tap(b!, { count: 10, clientTime: clock, batchId: "b-1" })).reward).toBe(TEN_TAPS);
  clock += 1_000;
  // The lead batch holds the group runner; everything after it waits and forms the next group:
  // a's "a-1" three times (a lost answer retried while the first try still waits), b's "b-1"
  // again and c's fresh batch.
  const lead1 = svc.tap(lead!, { count: 10, clientTime: clock });
  const fired: Promise<TapResult>[] = [
    svc.tap(a!, { count: 10, clientTime: clock, batchId: "a-1" }),
    svc.tap(a!, { count: 10, clientTime: clock, batchId: "a-1" }),
    svc.tap(b!, { count: 10, clientTime: clock, batchId: "b-1" }),
    svc.tap(c!, { count: 10, clientTime: clock, batchId: "c-1" }),
    svc.tap(a!, { count: 10, clientTime: clock, batchId: "a-1" }),
  ];
  const [ra1, ra2, rb, rc, ra3] = await Promise.all(fired);
  expect((await lead1).reward).toBe(TEN_TAPS);
  // a: exactly one of the three tries paid (the first; the others come back as duplicates, state untouched).
  expect([ra1, ra2, ra3].map((r) => r!.duplicate)).toEqual([false, true, true]);
  expect(ra1!.reward).toBe(TEN_TAPS);
  for (const r of [ra2!, ra3!]) {
    expect(r.reward).toBe(0);
    expect(r.status.balance).toBe(TEN_TAPS);
    expect(r.status.energy).toBe(TAP.baseMaxEnergy - 10);
  }
  expect(rb!.duplicate).toBe(true);
  expect(rb!.reward).toBe(0);
  expect(rc!.reward).toBe(TEN_TAPS);
  for (const id of [lead!, a!, b!, c!]) expect(await ledger(id)).toEqual({ balance: TEN_TAPS, txSum: TEN_TAPS, taps: 10 });
  const keys = await testQuery<{ idem_key: string; n: number }>(storage, "SELECT idem_key, COUNT(*) AS n FROM transactions WHERE idem_key IN ('tap:a-1', 'tap:b-1', 'tap:c-1') GROUP BY idem_key ORDER BY idem_key");
  expect(keys.map((k) => [k.idem_key, Number(k.n)])).toEqual([["tap:a-1", 1], ["tap:b-1", 1], ["tap:c-1", 1]]);
  // The activity counters count the paid batches only.
  expect(Number((await testQueryOne<{ taps: number }>(storage, "SELECT taps FROM token_activity WHERE user_id = ? AND period = 'A'", [a!])).taps)).toBe(10);
  expect(logs.filter((l) => l.msg.includes("tap group undone"))).toEqual([]);
});

test("a player's batches apply in the order they were sent, never two in one group", async () => {
  const [lead, a] = await users(2);
  const lead1 = svc.tap(lead!, { count: 5, clientTime: clock });
  // 30 taps allowed at once (the allowance holds 36): 12, 12, then 12 is cut to what is left.
  const rs = await Promise.all([12, 12, 12].map((count, i) => svc.tap(a!, { count, clientTime: clock, batchId: `o-${i}` })));
  await lead1;
  expect(rs.map((r) => r.accepted)).toEqual([12, 12, 12]);
  expect(rs.map((r) => r.status.energy)).toEqual([TAP.baseMaxEnergy - 12, TAP.baseMaxEnergy - 24, TAP.baseMaxEnergy - 36]);
  const fourth = await svc.tap(a!, { count: 12, clientTime: clock });
  expect(fourth.accepted).toBe(0); // the allowance is spent, in order
  expect(await ledger(a!)).toMatchObject({ taps: 36 });
  const bal = await ledger(a!);
  expect(bal.balance).toBe(bal.txSum);
});

test("a group whose write fails is undone and replayed batch by batch: only the bad batch is refused, the others pay exactly once", async () => {
  const [lead, a, b, gone, c] = await users(5);
  // A player deleted while their batch waits: their tap state row cannot be created (foreign key).
  await testQuery(storage, "DELETE FROM users WHERE id = ?", [gone!]);
  const lead1 = svc.tap(lead!, { count: 10, clientTime: clock });
  const fired = [a!, b!, gone!, c!].map((id) => svc.tap(id, { count: 10, clientTime: clock, batchId: `x-${id}` }).then((r) => ({ ok: true as const, r }), (e: unknown) => ({ ok: false as const, e })));
  const out = await Promise.all(fired);
  expect((await lead1).reward).toBe(TEN_TAPS);
  expect(out.map((o) => o.ok)).toEqual([true, true, false, true]);
  for (const o of out) if (o.ok) expect(o.r.reward).toBe(TEN_TAPS);
  // The group was really undone and replayed (not applied as a set with one row missing).
  expect(logs.filter((l) => l.msg.includes("tap group undone")).length).toBe(1);
  for (const id of [lead!, a!, b!, c!]) expect(await ledger(id)).toEqual({ balance: TEN_TAPS, txSum: TEN_TAPS, taps: 10 });
  expect(Number((await testQueryOne<{ n: number }>(storage, "SELECT COUNT(*) AS n FROM transactions WHERE user_id = ?", [gone!])).n)).toBe(0);
  const totals = await testQueryOne<{ tx: number; bal: number }>(storage, "SELECT (SELECT SUM(amount) FROM transactions) AS tx, (SELECT SUM(balance) FROM wallets) AS bal");
  expect([Number(totals.tx), Number(totals.bal)]).toEqual([4 * TEN_TAPS, 4 * TEN_TAPS]); // lead, a, b, c
  // The next group goes back to set writes.
  clock += 1_000;
  const again = await Promise.all([a!, b!].map((id) => svc.tap(id, { count: 10, clientTime: clock })));
  expect(again.every((r) => r.accepted === 10)).toBe(true);
  expect(logs.filter((l) => l.msg.includes("tap group undone")).length).toBe(1);
});
