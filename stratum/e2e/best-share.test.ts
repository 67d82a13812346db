// "New best share" reaches the miner as client.show_message (cgminer and bmminer print it), as
// ckpool does: after the share's own reply, only when the worker beats its best, never for its
// first share.
import { afterEach, expect, test } from "bun:test";
import { shortDifficulty } from "../bitcoin/difficulty.ts";
import type { Pool } from "../pool.ts";
import { REGTEST_ADDRESS as ADDR, bestShareLine, findShare, notifyOf, startTestPool } from "./harness.ts";
import { connectLines, type LineClient } from "./line-client.ts";

let pool: Pool | null = null;
afterEach(async () => {
  await pool?.stop();
  pool = null;
});

/** The next line that is not new work or a difficulty change (vardiff may send those any time). */
async function nextReplyOrMessage(c: LineClient): Promise<string> {
  for (;;) {
    const line = await c.nextLine();
    if (!line.startsWith(`{"id":null,"method":"mining.`)) return line;
  }
}

test("a worker's new best share is announced after its reply; its first share and lesser ones are not", async () => {
  const t = await startTestPool({ minDiff: 0.00001, vardiffWindowMs: 3_600_000 });
  pool = t.pool;
  const c = await connectLines(t.port);
  c.send(`{"id":1,"method":"mining.subscribe","params":["cgminer/4.12.1"]}\n{"id":2,"method":"mining.authorize","params":["${ADDR}.s9","d=0.00001"]}\n`);
  const lines = await c.lines(4);
  const job = notifyOf(lines[3]!);
  const en1 = (JSON.parse(lines[0]!) as { result: [unknown, string] }).result[1];
  let best = 0;
  let announced = 0;
  // Until two new bests were announced (share k is a record with chance 1/k; the job and the
  // extranonces are fixed, so the sequence is the same every run).
  let lesser = 0;
  for (let k = 1; k <= 500 && announced < 2; k++) {
    const share = findShare(job, en1, 0.00001, k.toString(16).padStart(16, "0"));
    const id = 10 + k;
    c.send(`{"id":${id},"method":"mining.submit","params":["${ADDR}.s9","${job.jobId}","${share.extranonce2}","${share.ntime}","${share.nonce}"]}\n`);
    expect(await nextReplyOrMessage(c)).toBe(`{"id":${id},"result":true,"error":null}`);
    if (share.difficulty > best && best > 0) {
      expect(await nextReplyOrMessage(c)).toBe(bestShareLine(share.difficulty));
      announced++;
    } else if (best > 0) lesser++;
    best = Math.max(best, share.difficulty);
  }
  // Nothing else was said: the next line is the reply to a request sent now.
  c.send(`{"id":99,"method":"mining.extranonce.subscribe","params":[]}\n`);
  expect(await nextReplyOrMessage(c)).toBe(`{"id":99,"result":true,"error":null}`);
  expect(announced).toBe(2);
  expect(lesser).toBeGreaterThan(0); // shares below the best came between, and were not announced
  c.end();
});

test("difficulties read the way miners show them", () => {
  expect([0.000123456, 1, 999.4, 1234, 1_230_000, 4.567e12, 2e18].map(shortDifficulty)).toEqual(["0.000123", "1", "999", "1.23K", "1.23M", "4.57T", "2E"]);
});
