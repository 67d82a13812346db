// share_submitted across the thread boundary without an object per share. The pool thread
// writes each share's fields into one reused Float64Array (strings as indexes into a table kept
// per batch); the main thread turns rows back into ShareSubmittedEvent objects. At 10,000
// shares/s the event objects and their batch tuples were about half of the pool thread's
// garbage, and its garbage sets how often its collector pauses replies to miners.
import type { ShareFieldsSink, ShareSubmittedEvent } from "../events.ts";

/** Doubles per share: address, worker, userAgent, ip, sessionId, jobId, height, accepted,
 * targetDifficulty, shareDifficulty, rejectCode, rejectReason, isBlock, timestamp. */
const WIDTH = 14;

/** A batch's shares as plain data (crosses by structured clone). */
export interface ShareRows {
  strings: string[];
  /** WIDTH doubles per row; NaN is null (height, rejectCode), -1 a null string. */
  values: Float64Array;
}

export class ShareRowWriter {
  private strings: string[] = [];
  private index = new Map<string, number>();
  private values = new Float64Array(WIDTH * 1024);
  private rows = 0;

  /** `onRow` is told each share's row in the current batch. */
  constructor(private readonly onRow: (row: number) => void) {}

  /** Appends one share (a ShareFieldsSink: the pool calls it with the fields). */
  readonly add: ShareFieldsSink = (
    address, worker, userAgent, ip, sessionId, jobId, height, accepted, targetDifficulty, shareDifficulty, rejectCode, rejectReason, isBlock, timestamp,
  ) => {
    if ((this.rows + 1) * WIDTH > this.values.length) {
      const bigger = new Float64Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    const v = this.values;
    const o = this.rows * WIDTH;
    v[o] = this.ref(address);
    v[o + 1] = this.ref(worker);
    v[o + 2] = this.ref(userAgent);
    v[o + 3] = this.ref(ip);
    v[o + 4] = this.ref(sessionId);
    v[o + 5] = this.ref(jobId);
    v[o + 6] = height ?? Number.NaN;
    v[o + 7] = accepted ? 1 : 0;
    v[o + 8] = targetDifficulty;
    v[o + 9] = shareDifficulty;
    v[o + 10] = rejectCode ?? Number.NaN;
    v[o + 11] = rejectReason === null ? -1 : this.ref(rejectReason);
    v[o + 12] = isBlock ? 1 : 0;
    v[o + 13] = timestamp;
    this.onRow(this.rows++);
  };

  get size(): number {
    return this.rows;
  }

  /** The batch's rows, then a fresh batch. The values are a view of the reused buffer: post
   * them before the next add (structured clone copies them, outside the collected heap). */
  take(): ShareRows | null {
    if (this.rows === 0) return null;
    const rows: ShareRows = { strings: this.strings, values: this.values.subarray(0, this.rows * WIDTH) };
    this.strings = [];
    this.index.clear();
    this.rows = 0;
    return rows;
  }

  private ref(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.strings.push(s) - 1;
      this.index.set(s, i);
    }
    return i;
  }
}

const nullable = (v: number): number | null => (Number.isNaN(v) ? null : v);

/** Row `row` of a batch as the event the pool would have emitted. */
export function readShare(rows: ShareRows, row: number): ShareSubmittedEvent {
  const v = rows.values;
  const s = rows.strings;
  const o = row * WIDTH;
  return {
    source: "hosted",
    address: s[v[o]!]!,
    worker: s[v[o + 1]!]!,
    userAgent: s[v[o + 2]!]!,
    ip: s[v[o + 3]!]!,
    sessionId: s[v[o + 4]!]!,
    jobId: s[v[o + 5]!]!,
    height: nullable(v[o + 6]!),
    accepted: v[o + 7] === 1,
    targetDifficulty: v[o + 8]!,
    shareDifficulty: v[o + 9]!,
    rejectCode: nullable(v[o + 10]!),
    rejectReason: v[o + 11] === -1 ? null : s[v[o + 11]!]!,
    isBlock: v[o + 12] === 1,
    timestamp: v[o + 13]!,
  };
}
