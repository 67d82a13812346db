// Duplicate detection, compactly. A share is fixed by extranonce1, extranonce2, ntime, nonce and
// version bits (everything else in the header is its job's); those 192 bits are folded into one
// 53-bit number, so a remembered share costs a number in a Set instead of a 45-character string.
// A false "duplicate" needs two different shares of one job to fold to the same number:
// about n²/2⁵⁴, i.e. 1 in 10¹⁰ for a job with 1,000 shares, 1 in 10⁴ for a million.
//
// Only shares that met their difficulty are kept for the job's life (as ckpool does): a flood of
// low-difficulty junk then costs no memory. A rejected share's key is kept only in a small ring
// per session, so a miner re-sending the very share it was just refused still hears "duplicate".
import { allocSlots, type Slots } from "../native/slots.ts";
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

/** Slots of a set's first table (in the JS heap: small, and most jobs never need more). */
const FIRST_SLOTS = 2048;
/** Each further table has this many times the slots of the one before. */
const GROWTH = 4;

/**
 * The keys of a job's accepted shares: open-addressing hash tables of 64-bit slots. A full
 * table (half its slots used) is kept for lookups and a table GROWTH times larger takes the new
 * keys, so nothing is ever rehashed (a rehash of a million keys would hold every reply for
 * tens of milliseconds); a lookup probes each table, newest first (six tables for 1.4 million
 * keys). The first table is a small typed array; the larger ones are outside the JavaScript heap
 * (../native/slots.ts), whose young generation would otherwise grow with them and pause longer.
 * A JS Set would be worse on both counts: ~40 bytes a key, and re-visited whole by every young
 * collection after a write.
 */
export class ShareSet {
  private tables: Slots[];
  private newest: Slots;
  private count = 0;
  /** Keys the newest table takes before the next one is made. */
  private room: number;

  constructor(private readonly firstSlots = FIRST_SLOTS) {
    this.newest = allocSlots(firstSlots, false);
    this.tables = [this.newest];
    this.room = firstSlots / 2;
  }

  get size(): number {
    return this.count;
  }

  has(key: number): boolean {
    const stored = key + 1;
    const start = (key % 4294967296) >>> 0;
    const tables = this.tables;
    for (let t = tables.length - 1; t >= 0; t--) if (ShareSet.find(tables[t]!, start, stored) < 0) return true;
    return false;
  }

  /** Remembers `key` (a key already there is not added twice). */
  add(key: number): void {
    if (!this.has(key)) this.addNew(key);
  }

  /** Remembers a key the caller has just found absent (`has`), without looking for it again:
   * a share is checked for a duplicate before it is hashed and remembered after. */
  addNew(key: number): void {
    if (this.room === 0) {
      const slots = this.newest.length * GROWTH;
      this.newest = allocSlots(slots);
      this.tables.push(this.newest);
      this.room = slots / 2;
    }
    const stored = key + 1;
    const at = ShareSet.find(this.newest, (key % 4294967296) >>> 0, stored);
    this.newest.set(at, stored);
    this.room--;
    this.count++;
  }

  /** Frees the tables now; the set is empty (and still usable) after. */
  release(): void {
    for (const t of this.tables) t.release();
    this.newest = allocSlots(this.firstSlots, false);
    this.tables = [this.newest];
    this.room = this.firstSlots / 2;
    this.count = 0;
  }

  /**
   * Linear probe for `stored` (key + 1; 0 marks an empty slot, and key + 1 ≤ 2⁵³ stays exact)
   * from the key's low 32 bits, which both avalanched halves of shareKey feed. Returns -1 when
   * found, else the empty slot where it would go.
   */
  private static find(table: Slots, start: number, stored: number): number {
    const mask = table.length - 1;
    for (let i = start & mask; ; i = (i + 1) & mask) {
      const v = table.get(i);
      if (v === stored) return -1;
      if (v === 0) return i;
    }
  }
}

/** One more holder of the job (the book, or a session's record of it). */
export function holdJob(job: PoolJob): void {
  job.holders++;
}

/** A holder let go; the last one frees the job's key tables at once. Native memory is not seen
 * by the garbage collector, so waiting for the job object to be collected could take until the
 * next full collection, which a small, steady heap may not do for hours. */
export function dropJob(job: PoolJob): void {
  if (--job.holders === 0) job.seen.release();
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
