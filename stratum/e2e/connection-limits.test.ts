// What one peer (or a few) can hold of the pool: a global connection cap, a deadline to
// subscribe, and an idle timer only complete lines reset. A flood of idle sockets used to use up
// the process's file descriptors; a one-byte-every-few-seconds trickler used to live forever.
import { afterEach, expect, test } from "bun:test";
import type { Logger } from "../net/connection.ts";
import type { Pool } from "../pool.ts";
import { until } from "../../test/until.ts";
import { REGTEST_ADDRESS as ADDR, findShare, notifyOf, quietLog, startTestPool } from "./harness.ts";
import { connectLines, type LineClient } from "./line-client.ts";

let pool: Pool | null = null;
const clients: LineClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) if (!c.isClosed) c.end();
  await pool?.stop();
  pool = null;
});

async function open(port: number): Promise<LineClient> {
  const c = await connectLines(port);
  clients.push(c);
  return c;
}

function recordingLog(): Logger & { warns: string[] } {
  const warns: string[] = [];
  return { ...quietLog, warns, warn: (m: string) => void warns.push(m) };
}

test("past TBG_MAX_CONNECTIONS new peers are refused, once logged, and a connected miner keeps mining", async () => {
  const log = recordingLog();
  const t = await startTestPool({ maxConnections: 10, log, vardiffWindowMs: 3_600_000 });
  pool = t.pool;
  const miner = await open(t.port);
  miner.send(`{"id":1,"method":"mining.subscribe","params":["cpuminer/2.5.1"]}\n{"id":2,"method":"mining.authorize","params":["${ADDR}.rig","d=0.00001"]}\n`);
  const hello = await miner.lines(4);
  const job = notifyOf(hello[3]!);
  const en1 = (JSON.parse(hello[0]!) as { result: [unknown, string] }).result[1];

  const idle: LineClient[] = [];
  for (let i = 0; i < 30; i++) idle.push(await open(t.port));
  // 9 fit beside the miner; the other 21 are cut as soon as they connect.
  await until("21 refused", 20_000, () => (idle.filter((c) => c.isClosed).length === 21 ? true : null));
  expect(t.pool.status().sessions).toBe(10);
  expect(t.pool.status().limits?.refusedAtCap).toBe(21);
  expect(log.warns.filter((w) => w.includes("connection cap reached"))).toHaveLength(1);

  const share = findShare(job, en1, 0.00001);
  miner.send(`{"id":3,"method":"mining.submit","params":["${ADDR}.rig","${job.jobId}","${share.extranonce2}","${share.ntime}","${share.nonce}"]}\n`);
  expect(await miner.nextLine()).toBe(`{"id":3,"result":true,"error":null}`);

  // A freed slot is usable again.
  idle.find((c) => !c.isClosed)!.end();
  await until("slot freed", 10_000, () => (t.pool.status().sessions === 9 ? true : null));
  const late = await open(t.port);
  late.send(`{"id":1,"method":"mining.subscribe","params":[]}\n`);
  expect(await late.nextLine()).toContain(`"result":[[["mining.set_difficulty"`);
});

test("a peer trickling bytes without completing a line is closed at the idle timeout", async () => {
  const t = await startTestPool({ idleTimeoutMs: 1_000 });
  pool = t.pool;
  const trickler = await open(t.port);
  trickler.send(`{"id":1,"method":"mining.subscribe","params":[]}\n`);
  await trickler.nextLine();
  const subscribedAt = Date.now();
  // One byte every 200 ms of a line that never ends (well under the line-length limit).
  const drip = setInterval(() => {
    if (!trickler.isClosed) trickler.send(" ");
  }, 200);
  try {
    await trickler.closed(15_000);
  } finally {
    clearInterval(drip);
  }
  expect(Date.now() - subscribedAt).toBeGreaterThanOrEqual(1_000);
  expect(t.pool.status().limits?.idleTimeouts).toBe(1);
});

test("a peer that never subscribes is closed after the subscribe deadline; a subscribed quiet miner is not", async () => {
  const t = await startTestPool({ subscribeTimeoutMs: 500, idleTimeoutMs: 60_000 });
  pool = t.pool;
  const quietMiner = await open(t.port);
  quietMiner.send(`{"id":1,"method":"mining.subscribe","params":[]}\n`);
  await quietMiner.nextLine();
  const silent = await open(t.port);
  // Complete lines, but never a subscribe: still not a miner.
  const chatty = await open(t.port);
  const talk = setInterval(() => {
    if (!chatty.isClosed) chatty.send(`{"id":7,"method":"mining.extranonce.subscribe","params":[]}\n`);
  }, 100);
  try {
    await silent.closed(15_000);
    await chatty.closed(15_000);
  } finally {
    clearInterval(talk);
  }
  expect(quietMiner.isClosed).toBe(false);
  expect(t.pool.status().limits?.subscribeTimeouts).toBe(2);
  quietMiner.send(`{"id":2,"method":"mining.subscribe","params":[]}\n`);
  expect(await quietMiner.nextLine()).toContain(`"id":2,"result"`);
});
