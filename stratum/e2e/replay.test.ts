// A share is work done once: it is accepted once, whatever job id it is submitted under. Each
// re-authorize (or a resumed session) hands out a new job id for the same work; a share replayed
// on those ids used to be accepted again each time.
import { afterEach, expect, test } from "bun:test";
import type { Pool } from "../pool.ts";
import { REGTEST_ADDRESS as ADDR, findShare, notifyOf, startTestPool } from "./harness.ts";
import { connectLines, type LineClient } from "./line-client.ts";

let pool: Pool | null = null;
afterEach(async () => {
  await pool?.stop();
  pool = null;
});

/** Reads lines until a mining.notify; returns the reply lines before it and the notify's job. */
async function untilNotify(c: LineClient): Promise<{ before: string[]; job: ReturnType<typeof notifyOf> }> {
  const before: string[] = [];
  for (;;) {
    const line = await c.nextLine();
    if (line.includes(`"method":"mining.notify"`)) return { before, job: notifyOf(line) };
    before.push(line);
  }
}

async function replyTo(c: LineClient, id: number): Promise<string> {
  for (;;) {
    const line = await c.nextLine();
    if (line.startsWith(`{"id":${id},`)) return line;
  }
}

test("a share replayed under the job ids of later re-authorizations is a duplicate", async () => {
  const t = await startTestPool({ vardiffWindowMs: 3_600_000 });
  pool = t.pool;
  const c = await connectLines(t.port);
  c.send(`{"id":1,"method":"mining.subscribe","params":["cpuminer/2.5.1"]}\n{"id":2,"method":"mining.authorize","params":["${ADDR}.rig","d=0.00001"]}\n`);
  const first = await untilNotify(c);
  const en1 = (JSON.parse(first.before[0]!) as { result: [unknown, string] }).result[1];
  const share = findShare(first.job, en1, 0.00001);
  const submit = (id: number, jobId: string) =>
    `{"id":${id},"method":"mining.submit","params":["${ADDR}.rig","${jobId}","${share.extranonce2}","${share.ntime}","${share.nonce}"]}\n`;
  c.send(submit(10, first.job.jobId));
  expect(await replyTo(c, 10)).toBe(`{"id":10,"result":true,"error":null}`);

  const replies: string[] = [];
  // The same worker again, then other worker names of the same address: all pay the same script.
  for (const [k, name] of ["rig", "rig", "rig", "other", "third", "rig"].entries()) {
    const id = 20 + k * 2;
    c.send(`{"id":${id},"method":"mining.authorize","params":["${ADDR}.${name}","d=0.00001"]}\n`);
    const next = await untilNotify(c);
    expect(next.before).toContain(`{"id":${id},"result":true,"error":null}`);
    expect(next.job.jobId).not.toBe(first.job.jobId);
    c.send(submit(id + 1, next.job.jobId));
    replies.push(await replyTo(c, id + 1));
  }
  expect(replies).toEqual(Array.from({ length: 6 }, (_, k) => `{"id":${21 + k * 2},"result":null,"error":[22,"Duplicate share",null]}`));
  c.end();
});

test("a share replayed by a resumed session (same extranonce1, new job id) is a duplicate", async () => {
  const t = await startTestPool({ vardiffWindowMs: 3_600_000 });
  pool = t.pool;
  const accepted: boolean[] = [];
  t.pool.events.on("share_submitted", (e) => accepted.push(e.accepted));
  const a = await connectLines(t.port);
  a.send(`{"id":1,"method":"mining.subscribe","params":["cgminer/4.12.1"]}\n{"id":2,"method":"mining.authorize","params":["${ADDR}.s9","d=0.00001"]}\n`);
  const first = await untilNotify(a);
  const en1 = (JSON.parse(first.before[0]!) as { result: [unknown, string] }).result[1];
  const share = findShare(first.job, en1, 0.00001);
  const submit = (id: number, jobId: string) =>
    `{"id":${id},"method":"mining.submit","params":["${ADDR}.s9","${jobId}","${share.extranonce2}","${share.ntime}","${share.nonce}"]}\n`;
  a.send(submit(3, first.job.jobId));
  expect(await replyTo(a, 3)).toBe(`{"id":3,"result":true,"error":null}`);
  a.end();
  await a.closed();
  while (pool.status().sessions !== 0) await Bun.sleep(5);

  const b = await connectLines(t.port);
  b.send(`{"id":1,"method":"mining.subscribe","params":["cgminer/4.12.1","${en1}"]}\n{"id":2,"method":"mining.authorize","params":["${ADDR}.s9","d=0.00001"]}\n`);
  const resumed = await untilNotify(b);
  expect(resumed.before[0]).toContain(`"${en1}",8]`);
  expect(resumed.job.jobId).not.toBe(first.job.jobId);
  b.send(submit(3, resumed.job.jobId));
  expect(await replyTo(b, 3)).toBe(`{"id":3,"result":null,"error":[22,"Duplicate share",null]}`);
  b.end();
  expect(accepted).toEqual([true, false]);
});
