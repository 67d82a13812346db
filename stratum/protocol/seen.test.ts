// Duplicate keys: every field of a share changes its key, and a session's ring of recent rejects
// remembers the last few only.
import { expect, test } from "bun:test";
import type { PoolJob } from "./host.ts";
import { nativeSlotBytes } from "../native/slots.ts";
import { RecentRejects, ShareSet, shareKey } from "./seen.ts";

test("a share key is a safe integer that every field changes", () => {
  const base = [0xa0000001, 0x00c0ffee, 0x00000011, 0x6564a1b2, 0xa1b2c3d4, 0x00002000] as const;
  const k = shareKey(...base);
  expect(Number.isSafeInteger(k)).toBe(true);
  expect(shareKey(...base)).toBe(k);
  for (let i = 0; i < base.length; i++) {
    const other = [...base] as [number, number, number, number, number, number];
    other[i] = (other[i]! ^ 1) >>> 0;
    expect(shareKey(...other)).not.toBe(k);
  }
});

test("a million shares of one session fold to a million different keys", () => {
  const keys = new Set<number>();
  for (let n = 0; n < 1_000_000; n++) keys.add(shareKey(0xa0000001, 0, n >>> 4, 0x6564a1b2, (n * 2654435761) >>> 0, 0));
  expect(keys.size).toBe(1_000_000);
});

test("recent rejects: the last 16 per job are remembered, older ones forgotten", () => {
  const jobA = {} as PoolJob;
  const jobB = {} as PoolJob;
  const ring = new RecentRejects();
  for (let k = 1; k <= 20; k++) ring.add(jobA, k);
  expect(ring.has(jobA, 20)).toBe(true);
  expect(ring.has(jobA, 5)).toBe(true);
  expect(ring.has(jobA, 4)).toBe(false);
  expect(ring.has(jobB, 20)).toBe(false);
});

test("the share set answers as a Set would, through growth, for keys across the whole 53-bit range", () => {
  const native = nativeSlotBytes;
  const set = new ShareSet(4);
  const reference = new Set<number>();
  let x = 0x12345;
  for (let n = 0; n < 200_000; n++) {
    // Keys from shareKey, plus the edges: 0 and the largest key.
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const key = n === 0 ? 0 : n === 1 ? 2 ** 53 - 1 : shareKey(0xa0000001, x, n, 0x6564a1b2, n * 7, 0);
    expect(set.has(key)).toBe(reference.has(key));
    set.add(key);
    reference.add(key);
    // A repeat is remembered once.
    if (n % 3 === 0) set.add(key);
  }
  expect(set.size).toBe(reference.size);
  for (const key of reference) expect(set.has(key)).toBe(true);
  expect(set.has(2 ** 52 + 12345)).toBe(reference.has(2 ** 52 + 12345));
  // Past its first table the set's memory is outside the JavaScript heap (where there is a libc).
  if (process.platform === "linux") expect(nativeSlotBytes).toBeGreaterThan(native + 200_000 * 8);
});

test("a job with a million accepted shares: every key found, and no table is ever rehashed", () => {
  const set = new ShareSet();
  for (let n = 0; n < 1_000_000; n++) set.add(shareKey(0xa0000001, 0, n >>> 4, 0x6564a1b2, (n * 2654435761) >>> 0, 0));
  expect(set.size).toBe(1_000_000);
  let found = 0;
  for (let n = 0; n < 1_000_000; n += 7) found += set.has(shareKey(0xa0000001, 0, n >>> 4, 0x6564a1b2, (n * 2654435761) >>> 0, 0)) ? 1 : 0;
  expect(found).toBe(Math.ceil(1_000_000 / 7));
  expect(set.has(shareKey(0xa0000002, 0, 0, 0x6564a1b2, 0, 0))).toBe(false);
});
