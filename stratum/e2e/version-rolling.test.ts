// Version rolling when the template itself sets a bit inside the BIP 310 mask. Bitcoin Knots can
// hand out version 0x30000000: bit 28 lies inside 0x1fffe000, so the two submit forms in the wild
// disagree on what the sixth param means. ESP-Miner sends rolled XOR job version; cgminer and
// bmminer send rolled AND mask, which replaces the job's masked bits (BIP 310). Both must be read
// back to the exact header the miner hashed, or the share is judged on another header.
import { afterEach, expect, test } from "bun:test";
import type { Pool } from "../pool.ts";
import { nonceHex, prepareWork, scan, type NotifyJob } from "../miner/work.ts";
import { fixedNode, recordedTemplate } from "./fixed-node.ts";
import { REGTEST_ADDRESS as ADDR, bestShareLine, notifyOf, startTestPool } from "./harness.ts";
import { connectLines } from "./line-client.ts";

const JOB_VERSION = 0x30000000;
const MASK = 0x1fffe000;
/** About 86k hashes per share: quick to mine in-process, and a header hashed at the wrong
 * version meets it only by a 1-in-86k accident, which the miner below rules out. */
const DIFF = 0.00002;
const hex32 = (v: number) => (v >>> 0).toString(16).padStart(8, "0");

let pool: Pool | null = null;
afterEach(async () => {
  await pool?.stop();
  pool = null;
});

function workAt(job: NotifyJob, en1: string, en2: string, version: number) {
  const work = prepareWork({ ...job, version: hex32(version) }, en1, en2);
  if (work === null) throw new Error("job fields are not hex");
  return work;
}

/**
 * Mines a share at `rolled` the way a device does, keeping only a nonce whose header at any of
 * the `wrong` versions misses the target: the pool can then accept it only by reading the submit
 * back to exactly `rolled`.
 */
function mine(job: NotifyJob, en1: string, en2: string, rolled: number, wrong: number[]): { nonce: string; difficulty: number } {
  const work = workAt(job, en1, en2, rolled);
  const others = wrong.map((v) => workAt(job, en1, en2, v));
  let from = 0;
  for (;;) {
    const hit = scan(work, DIFF, from, 2 ** 32);
    if (hit === null) throw new Error("no share in the nonce space");
    if (others.every((w) => scan(w, DIFF, hit.nonce, hit.nonce + 1) === null)) return { nonce: nonceHex(hit.nonce), difficulty: hit.difficulty };
    from = hit.nonce + 1;
  }
}

test("template version 0x30000000: ESP-Miner (XOR) and BIP 310 (replace) submits are both accepted; bits outside the mask are refused", async () => {
  const t = await startTestPool({ node: fixedNode(recordedTemplate({ version: JOB_VERSION })) });
  pool = t.pool;
  const c = await connectLines(t.port);
  c.send(
    `{"id":1,"method":"mining.configure","params":[["version-rolling"],{"version-rolling.mask":"1fffe000","version-rolling.min-bit-count":2}]}\n` +
      `{"id":2,"method":"mining.subscribe","params":["knots-rolling-test/1.0"]}\n` +
      `{"id":3,"method":"mining.authorize","params":["${ADDR}.rig","d=${DIFF}"]}\n`,
  );
  const [configured, subscribed, authorized, difficulty, notify] = await c.lines(5);
  expect(configured).toBe(`{"id":1,"result":{"version-rolling":true,"version-rolling.mask":"1fffe000"},"error":null}`);
  const en1 = (JSON.parse(subscribed!) as { result: [unknown, string, number] }).result[1];
  expect(authorized).toBe(`{"id":3,"result":true,"error":null}`);
  expect(difficulty).toBe(`{"id":null,"method":"mining.set_difficulty","params":[${DIFF}]}`);
  const job = notifyOf(notify!);
  expect(job.version).toBe("30000000");
  const submit = (id: number, en2: string, nonce: string, vbits: number) =>
    c.send(`{"id":${id},"method":"mining.submit","params":["${ADDR}.rig","${job.jobId}","${en2}","${job.ntime}","${nonce}","${hex32(vbits)}"]}\n`);

  // ESP-Miner rolls the masked field upwards from the job's (0x10000000 + 0x2000) and sends the
  // changed bits. Read as a BIP 310 replacement they would clear bit 28: another header.
  const espRolled = 0x30002000;
  const espBits = (espRolled ^ JOB_VERSION) >>> 0;
  expect(espBits).toBe(0x00002000);
  const espAsReplace = ((JOB_VERSION & ~MASK) | espBits) >>> 0;
  const esp = mine(job, en1, "0000000000000001", espRolled, [espAsReplace, JOB_VERSION]);
  submit(4, "0000000000000001", esp.nonce, espBits);
  expect(await c.nextLine()).toBe(`{"id":4,"result":true,"error":null}`);

  // cgminer keeps the job's bits and sends rolled AND mask, bit 28 included. Read as XOR they
  // would clear bit 28: another header.
  const bipRolled = 0x30004000;
  const bipBits = (bipRolled & MASK) >>> 0;
  expect(bipBits).toBe(0x10004000);
  const bipAsXor = (JOB_VERSION ^ bipBits) >>> 0;
  const bip = mine(job, en1, "0000000000000002", bipRolled, [bipAsXor, JOB_VERSION]);
  submit(5, "0000000000000002", bip.nonce, bipBits);
  expect(await c.nextLine()).toBe(`{"id":5,"result":true,"error":null}`);
  if (bip.difficulty > esp.difficulty) expect(await c.nextLine()).toBe(bestShareLine(bip.difficulty));

  // The full rolled version in the sixth param sets bit 29, outside the mask.
  submit(6, "0000000000000003", esp.nonce, espRolled);
  expect(await c.nextLine()).toBe(`{"id":6,"result":null,"error":[20,"version bits outside the negotiated mask",null]}`);
  // And a share mined at the job's own version, submitted with rolled bits, is judged on the
  // rolled header and found wanting: acceptance above is not a blanket pass.
  const plain = mine(job, en1, "0000000000000004", JOB_VERSION, [espRolled, espAsReplace]);
  submit(7, "0000000000000004", plain.nonce, espBits);
  expect(await c.nextLine()).toBe(`{"id":7,"result":null,"error":[23,"Low difficulty share",null]}`);
  expect(t.pool.status().sessions).toBe(1);
  c.end();
});
