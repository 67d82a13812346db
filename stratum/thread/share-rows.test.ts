// Shares written as rows in the pool thread read back as the exact events, nulls and all, across
// batches and past the first buffer's size.
import { expect, test } from "bun:test";
import type { ShareSubmittedEvent } from "../events.ts";
import { readShare, ShareRowWriter, type ShareRows } from "./share-rows.ts";

const share = (i: number): ShareSubmittedEvent => ({
  source: "hosted",
  address: `bc1qaddress${i % 3}`,
  worker: i % 2 ? "bitaxe" : "s19 \"rack\" 2",
  userAgent: "bitaxe/BM1370/v2.4.2",
  ip: "192.168.1.20",
  sessionId: "0000abcd",
  jobId: (0x1a2f + i).toString(16),
  height: i % 5 === 0 ? null : 880_000 + i,
  accepted: i % 4 !== 0,
  targetDifficulty: 1024 + i / 3,
  shareDifficulty: i % 4 === 0 ? 0 : 2 ** 40 / (i + 1),
  rejectCode: i % 4 === 0 ? 23 : null,
  rejectReason: i % 4 === 0 ? "Low difficulty share" : null,
  isBlock: i === 7,
  timestamp: 1_764_000_000_000 + i,
});

test("every field of every share comes back as written, in order, over two batches", () => {
  const rows: number[] = [];
  const w = new ShareRowWriter((row) => rows.push(row));
  const sent: { rows: ShareRows; at: number[] }[] = [];
  const write = (from: number, to: number) => {
    rows.length = 0;
    for (let i = from; i < to; i++) {
      const e = share(i);
      w.add(e.address, e.worker, e.userAgent, e.ip, e.sessionId, e.jobId, e.height, e.accepted, e.targetDifficulty, e.shareDifficulty, e.rejectCode, e.rejectReason, e.isBlock, e.timestamp);
    }
    // As the thread posts it: cloned at once, before the buffer is written again.
    sent.push({ rows: structuredClone(w.take()!), at: [...rows] });
  };
  write(0, 2500); // past the first buffer (1024 rows)
  write(2500, 2600);
  expect(w.take()).toBeNull();
  expect(sent[0]!.at).toEqual(Array.from({ length: 2500 }, (_, i) => i));
  expect(sent[1]!.at).toEqual(Array.from({ length: 100 }, (_, i) => i));
  for (let i = 0; i < 2500; i++) expect(readShare(sent[0]!.rows, i)).toEqual(share(i));
  for (let i = 0; i < 100; i++) expect(readShare(sent[1]!.rows, i)).toEqual(share(2500 + i));
  // Strings travel once per batch, not once per share.
  expect(sent[0]!.rows.strings.length).toBeLessThan(2500 + 20);
  expect(sent[1]!.rows.strings.filter((s) => s === "192.168.1.20")).toHaveLength(1);
});
