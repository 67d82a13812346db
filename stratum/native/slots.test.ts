// Native slot arrays: what is written is read back, the bytes are counted while held and given
// back on release, and a typed array stands in where native memory is not asked for.
import { expect, test } from "bun:test";
import { allocSlots, nativeSlotBytes } from "./slots.ts";

test("native slots start zeroed, keep every value written, and give their bytes back on release", () => {
  const before = nativeSlotBytes;
  const slots = allocSlots(1 << 16);
  expect(nativeSlotBytes - before).toBe(process.platform === "linux" ? (1 << 16) * 8 : 0);
  for (let i = 0; i < slots.length; i += 997) expect(slots.get(i)).toBe(0);
  // Values as share keys are stored: up to 2^53, exactly.
  for (let i = 0; i < slots.length; i++) slots.set(i, 2 ** 53 - i);
  for (let i = 0; i < slots.length; i++) expect(slots.get(i)).toBe(2 ** 53 - i);
  slots.release();
  slots.release();
  expect(nativeSlotBytes).toBe(before);
});

test("slots asked for in the heap are a plain typed array", () => {
  const before = nativeSlotBytes;
  const slots = allocSlots(64, false);
  slots.set(63, 7);
  expect(slots.get(63)).toBe(7);
  expect(nativeSlotBytes).toBe(before);
});
