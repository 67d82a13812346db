// A job's remembered share keys live as long as something can still send a share to the job:
// the book while it keeps the template, and every session record of the job. The last holder
// letting go frees the key tables at once (they are outside the JavaScript heap, so no garbage
// collection would find them soon).
import { expect, test } from "bun:test";
import { nativeSlotBytes } from "../native/slots.ts";
import { gbt } from "../work/testkit.ts";
import { parseTemplate } from "../work/template.ts";
import { JobBook } from "./jobbook.ts";
import { dropJob, holdJob, shareKey } from "./seen.ts";

const SCRIPT = Uint8Array.from([0x00, 0x14, ...new Array<number>(20).fill(7)]);

function template(curtime: number) {
  const r = parseTemplate(gbt({ curtime }), curtime * 1000);
  if (!r.ok) throw new Error(r.reason);
  return r.template;
}

test("a retired template's job keeps its keys while a session holds it, and frees them when the session lets go", () => {
  const book = new JobBook({ tag: "/t/", fee: null });
  book.add(template(1_736_000_000));
  const job = book.jobFor(SCRIPT)!;
  holdJob(job); // a session's record of the job
  const before = nativeSlotBytes;
  const keys = Array.from({ length: 5000 }, (_, n) => shareKey(0xa0000001, 0, n, 0x6564a1b2, n * 31, 0));
  for (const k of keys) job.seen.add(k);
  const held = nativeSlotBytes - before;
  if (process.platform === "linux") expect(held).toBeGreaterThan(0);

  // The book keeps four templates: three more and the first is still kept, a fourth retires it.
  for (let i = 1; i <= 4; i++) book.add(template(1_736_000_000 + i * 30));
  expect(job.holders).toBe(1);
  expect(keys.every((k) => job.seen.has(k))).toBe(true);
  expect(nativeSlotBytes - before).toBe(held);

  dropJob(job);
  expect(job.holders).toBe(0);
  expect(nativeSlotBytes).toBe(before);
  expect(job.seen.size).toBe(0);
});

test("a job the book still keeps is not freed when its last session lets go", () => {
  const book = new JobBook({ tag: "/t/", fee: null });
  book.add(template(1_736_000_000));
  const job = book.jobFor(SCRIPT)!;
  holdJob(job);
  job.seen.add(42);
  dropJob(job);
  expect(job.holders).toBe(1);
  expect(job.seen.has(42)).toBe(true);
  // A later session gets the same job, and the share is still a duplicate there.
  expect(book.jobFor(SCRIPT)).toBe(job);
});
