// The pool in its own thread behaves like the in-process pool from a miner's side, and the main
// thread still sees every event, the status and the log lines.
import { afterEach, expect, test } from "bun:test";
import { until } from "../../test/until.ts";
import type { PoolEventMap, PoolEventName } from "../events.ts";
import { fixedNode } from "../e2e/fixed-node.ts";
import { startFixedRpc, type FixedRpc } from "../e2e/fixed-rpc.ts";
import { REGTEST_ADDRESS as ADDR, bestShareLine, findShare, notifyOf, poolOptions } from "../e2e/harness.ts";
import { connectLines, type LineClient } from "../e2e/line-client.ts";
import type { Logger } from "../net/connection.ts";
import { createPool, type Pool } from "../pool.ts";
import { createThreadedPool, type ThreadedPoolOptions } from "./threaded-pool.ts";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function threadedOptions(rpc: FixedRpc, log: Logger, over: Partial<ThreadedPoolOptions> = {}): ThreadedPoolOptions {
  const { node: _node, log: _log, ...plain } = poolOptions({ vardiffWindowMs: 3_600_000 });
  return { ...plain, node: { url: rpc.url }, log, ...over };
}

function recordingLog(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const rec = (level: string) => (msg: string) => void lines.push(`${level} ${msg}`);
  return { lines, debug: rec("debug"), info: rec("info"), warn: rec("warn"), error: rec("error") };
}

/** The next line that is not new work or a difficulty change (vardiff may send those any time). */
async function nextReplyOrMessage(c: LineClient): Promise<string> {
  for (;;) {
    const line = await c.nextLine();
    if (!line.startsWith(`{"id":null,"method":"mining.`)) return line;
  }
}

async function subscribe(port: number, worker: string) {
  const c = await connectLines(port);
  cleanups.push(() => c.end());
  c.send(`{"id":1,"method":"mining.subscribe","params":["cgminer/4.12.1"]}\n{"id":2,"method":"mining.authorize","params":["${ADDR}.${worker}","d=0.00001"]}\n`);
  const lines = await c.lines(4);
  const job = notifyOf(lines[3]!);
  const en1 = (JSON.parse(lines[0]!) as { result: [unknown, string] }).result[1];
  return { c, job, en1 };
}

test("a threaded pool answers miners and hands every event, its status and its log lines to the main thread", async () => {
  const rpc = startFixedRpc();
  cleanups.push(() => rpc.stop());
  const log = recordingLog();
  const pool = createThreadedPool(threadedOptions(rpc, log));
  cleanups.push(() => pool.stop());
  const seen: { [K in PoolEventName]?: PoolEventMap[K][] } = {};
  const order: string[] = [];
  const record = <K extends PoolEventName>(name: K) =>
    pool.events.on(name, (ev) => {
      (seen[name] ??= [] as never[]).push(ev as never);
      if (order.at(-1) !== name) order.push(name);
    });
  for (const n of ["share_submitted", "miner_connected", "miner_disconnected", "diff_updated", "new_block_network"] as const) record(n);

  const { port } = await pool.start();
  expect(port).toBeGreaterThan(0);
  // The node client in the thread fetches its first template over RPC.
  await until("the pool's first template", 10_000, () => (pool.status().height === 102 ? true : null));
  const { c, job, en1 } = await subscribe(port, "t1");
  const shares = 30;
  for (let k = 1; k <= shares; k++) {
    const s = findShare(job, en1, 0.00001, k.toString(16).padStart(16, "0"));
    c.send(`{"id":${100 + k},"method":"mining.submit","params":["${ADDR}.t1","${job.jobId}","${s.extranonce2}","${s.ntime}","${s.nonce}"]}\n`);
  }
  const replies: string[] = [];
  while (replies.length < shares) {
    const line = await c.nextLine();
    if (!line.startsWith('{"id":null')) replies.push(line);
  }
  expect(replies).toEqual(Array.from({ length: shares }, (_, i) => `{"id":${101 + i},"result":true,"error":null}`));
  await until("the session in the status snapshot", 5_000, () => (pool.status().sessions === 1 && pool.status().workers === 1 ? true : null));
  expect(pool.status().listening).toBe(true);

  await pool.stop();
  // stop() resolves only after the thread's last batch: everything the pool did is here now.
  expect(seen.share_submitted?.length).toBe(shares);
  // Shares cross as rows (./share-rows.ts) and come out as the events the pool emits in-process,
  // in order with the others: connected, then the shares, then disconnected.
  expect(seen.share_submitted![0]).toEqual({
    source: "hosted", address: ADDR, worker: "t1", userAgent: "cgminer/4.12.1", ip: "127.0.0.1", sessionId: en1, jobId: job.jobId, height: 102,
    accepted: true, targetDifficulty: 0.00001, shareDifficulty: expect.any(Number), rejectCode: null, rejectReason: null, isBlock: false, timestamp: expect.any(Number),
  });
  expect(seen.share_submitted!.every((e) => e.accepted && e.address === ADDR && e.worker === "t1" && e.shareDifficulty >= 0.00001)).toBe(true);
  expect(order.filter((n) => n !== "diff_updated" && n !== "new_block_network")).toEqual(["miner_connected", "share_submitted", "miner_disconnected"]);
  expect(seen.miner_connected?.map((e) => e.worker)).toEqual(["t1"]);
  expect(seen.miner_disconnected?.map((e) => [e.worker, e.sharesAccepted])).toEqual([["t1", shares]]);
  expect(seen.new_block_network?.map((e) => e.height)).toEqual([101]);
  expect(pool.status().listening).toBe(false);
  expect(log.lines).toContain("info new work on a new tip");
  expect(pool.threadStarts).toBe(1);
});

for (const kind of ["in-process", "threaded"] as const) {
  test(`${kind}: a restored best share is the bar for "New best share", from the first share on`, async () => {
    let pool: Pool;
    if (kind === "threaded") {
      const rpc = startFixedRpc();
      cleanups.push(() => rpc.stop());
      pool = createThreadedPool(threadedOptions(rpc, recordingLog()));
    } else {
      pool = createPool(poolOptions({ node: fixedNode(), vardiffWindowMs: 3_600_000 }));
    }
    cleanups.push(() => pool.stop());
    const restored = 0.0001;
    pool.restoreBests([{ address: ADDR, worker: "s9", best: restored }, { address: ADDR, worker: "other", best: 5 }]);
    const { port } = await pool.start();
    await until("the pool's first template", 10_000, () => (pool.status().height === 102 ? true : null));
    const { c, job, en1 } = await subscribe(port, "s9");
    let best = restored;
    let announced = 0;
    let lesser = 0;
    for (let k = 1; k <= 400 && announced < 2; k++) {
      const share = findShare(job, en1, 0.00001, k.toString(16).padStart(16, "0"));
      const id = 10 + k;
      c.send(`{"id":${id},"method":"mining.submit","params":["${ADDR}.s9","${job.jobId}","${share.extranonce2}","${share.ntime}","${share.nonce}"]}\n`);
      expect(await nextReplyOrMessage(c)).toBe(`{"id":${id},"result":true,"error":null}`);
      if (share.difficulty > best) {
        expect(await nextReplyOrMessage(c)).toBe(bestShareLine(share.difficulty));
        announced++;
      } else lesser++;
      best = Math.max(best, share.difficulty);
    }
    // Nothing else was said: the next line is the reply to a request sent now.
    c.send(`{"id":999,"method":"mining.extranonce.subscribe","params":[]}\n`);
    expect(await nextReplyOrMessage(c)).toBe(`{"id":999,"result":true,"error":null}`);
    expect(announced).toBe(2);
    // Without the restored best, most of these (and the very first share) would have been records.
    expect(lesser).toBeGreaterThan(5);
  });
}

test("a pool thread that dies is logged as an error and started again on the same port; miners reconnect", async () => {
  const rpc = startFixedRpc();
  cleanups.push(() => rpc.stop());
  const log = recordingLog();
  const pool = createThreadedPool(threadedOptions(rpc, log, { restartDelayMs: 50 }));
  cleanups.push(() => pool.stop());
  const { port } = await pool.start();
  await until("the pool's first template", 10_000, () => (pool.status().height === 102 ? true : null));
  const first = await subscribe(port, "r1");
  pool.crashThread();
  await first.c.closed(10_000);
  await until("the pool thread started again", 20_000, () => (pool.threadStarts === 2 && pool.status().listening && pool.status().height === 102 ? true : null));
  expect(log.lines.some((l) => l.startsWith("error pool thread died"))).toBe(true);
  expect(pool.status().port).toBe(port);

  const { c, job, en1 } = await subscribe(port, "r1");
  const s = findShare(job, en1, 0.00001, "00000000000000aa");
  c.send(`{"id":7,"method":"mining.submit","params":["${ADDR}.r1","${job.jobId}","${s.extranonce2}","${s.ntime}","${s.nonce}"]}\n`);
  expect(await nextReplyOrMessage(c)).toBe(`{"id":7,"result":true,"error":null}`);
});
