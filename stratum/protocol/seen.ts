// Duplicate detection, compactly. A share is fixed by extranonce1, extranonce2, ntime, nonce and
// version bits (everything else in the header is its job's); those 192 bits are folded into one
// 53-bit number, so a remembered share costs a number in a Set instead of a 45-character string.
// A false "duplicate" needs two different shares of one job to fold to the same number:
// about n²/2⁵⁴, i.e. 1 in 10¹⁰ for a job with 1,000 shares, 1 in 10⁴ for a million.
//
// Only shares that met their difficulty are kept for the job's life (as ckpool does): a flood of
// low-difficulty junk then costs no memory. A rejected share's key is kept only in a small ring
// per session, so a miner re-sending the very share it was just refused still hears "duplicate".
import type { PoolJob } from "./host.ts";

/** 53-bit key of a share (two 32-bit multiplicative hashes: 32 bits and 21 bits of them). */
export function shareKey(en1: number, en2hi: number, en2lo: number, ntime: number, nonce: number, versionBits: number): number {
  let a = 0x811c9dc5;
  let b = 0x9e3779b9;
  a = Math.imul(a ^ en1, 0x01000193);
  b = Math.imul(b ^ nonce, 0x85ebca6b);
  a = Math.imul(a ^ en2hi, 0x01000193);
  b = Math.imul(b ^ en2lo, 0xc2b2ae35);
  a = Math.imul(a ^ en2lo, 0x01000193);
  b = Math.imul(b ^ ntime, 0x85ebca6b);
  a = Math.imul(a ^ nonce, 0x01000193);
  b = Math.imul(b ^ versionBits, 0xc2b2ae35);
  a = Math.imul(a ^ ntime, 0x01000193);
  b = Math.imul(b ^ en1, 0x85ebca6b);
  a = Math.imul(a ^ versionBits, 0x01000193);
  // Final avalanche of each half.
  a ^= a >>> 15;
  a = Math.imul(a, 0x2c1b3c6d);
  a ^= a >>> 12;
  b ^= b >>> 16;
  b = Math.imul(b, 0x297a2d39);
  b ^= b >>> 15;
  return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff);
}

/**
 * The keys of a job's accepted shares: an open-addressing hash set in one Float64Array. A JS
 * Set of numbers would do the same, but it lives in the garbage-collected heap: every young
 * collection re-visits a Set that was written to since the last one, so a job with a million
 * remembered shares made each collection (and the replies waiting on it) slower. A typed
 * array's memory is never traced, and costs 8 bytes a slot (at most half full) instead of a
 * Set entry's ~40.
 */
export class ShareSet {
  /** key + 1 per used slot; 0 is an empty slot (keys are ≥ 0, so key + 1 ≤ 2⁵³ stays exact). */
  private slots: Float64Array;
  private mask: number;
  private count = 0;

  constructor(capacity = 1024) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.slots = new Float64Array(size);
    this.mask = size - 1;
  }

  get size(): number {
    return this.count;
  }

  has(key: number): boolean {
    const slots = this.slots;
    const stored = key + 1;
    for (let i = ShareSet.index(key) & this.mask; ; i = (i + 1) & this.mask) {
      const v = slots[i]!;
      if (v === stored) return true;
      if (v === 0) return false;
    }
  }

  add(key: number): void {
    if ((this.count + 1) * 2 > this.slots.length) this.grow();
    if (ShareSet.place(this.slots, this.mask, key + 1)) this.count++;
  }

  /** The low 32 bits of a key: both halves of shareKey end in an avalanche, so they spread. */
  private static index(key: number): number {
    return (key % 4294967296) >>> 0;
  }

  /** Puts `stored` in its slot; false when it was already there. */
  private static place(slots: Float64Array, mask: number, stored: number): boolean {
    for (let i = ShareSet.index(stored - 1) & mask; ; i = (i + 1) & mask) {
      const v = slots[i]!;
      if (v === stored) return false;
      if (v === 0) {
        slots[i] = stored;
        return true;
      }
    }
  }

  private grow(): void {
    const old = this.slots;
    const slots = new Float64Array(old.length * 2);
    const mask = slots.length - 1;
    for (let i = 0; i < old.length; i++) {
      const v = old[i]!;
      if (v !== 0) ShareSet.place(slots, mask, v);
    }
    this.slots = slots;
    this.mask = mask;
  }
}

/** Rejected shares a session remembers (the last few: a miner re-sends at once, if ever). */
const RECENT_REJECTS = 16;

export class RecentRejects {
  private readonly keys = new Float64Array(RECENT_REJECTS).fill(-1);
  private readonly jobs: (PoolJob | null)[] = new Array<PoolJob | null>(RECENT_REJECTS).fill(null);
  private next = 0;

  has(job: PoolJob, key: number): boolean {
    const keys = this.keys;
    for (let i = 0; i < RECENT_REJECTS; i++) if (keys[i] === key && this.jobs[i] === job) return true;
    return false;
  }

  add(job: PoolJob, key: number): void {
    this.keys[this.next] = key;
    this.jobs[this.next] = job;
    this.next = (this.next + 1) % RECENT_REJECTS;
  }
}
