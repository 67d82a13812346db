// The pool events of one flush interval, as one string for the writer thread. Posting a
// structured object graph to a Worker copies it object by object (about 15 ms for a second of
// 5,000 shares on the main thread); a string crosses almost for free. So each event is
// serialised when it arrives (a share is a JSON tuple, about 1 µs) and a flush joins them.
import type { PoolEventMap } from "../../stratum/index.ts";

/** What the node says of a block the pool found, now (./block-status.ts asks it). */
export interface BlockStatusEvent {
  hash: string;
  status: "accepted" | "confirmed" | "orphaned";
  /** Blocks on top of it in the node's best chain, itself included; 0 when not in that chain. */
  confirmations: number;
  timestamp: number;
}

export type LoggedEventMap = Pick<PoolEventMap, "share_submitted" | "miner_connected" | "miner_disconnected" | "diff_updated" | "block_found" | "new_block_network"> & {
  block_status: BlockStatusEvent;
};

/** The events the mining data is built from: six of the pool's and the node's word on found blocks. */
export const LOGGED_EVENTS = ["share_submitted", "miner_connected", "miner_disconnected", "diff_updated", "block_found", "new_block_network", "block_status"] as const;
export type LoggedEvent = (typeof LOGGED_EVENTS)[number];
export type LogEntry = { [K in LoggedEvent]: { name: K; event: LoggedEventMap[K] } }[LoggedEvent];
/** The pool events among them (the ones Ingest subscribes to). */
export const POOL_LOGGED_EVENTS = LOGGED_EVENTS.filter((n): n is Exclude<LoggedEvent, "block_status"> => n !== "block_status");

const SHARE = 0;
/** Marks a share tuple counted in the rollups but not stored as a raw row. */
const NO_ROW = 1;

/**
 * Raw rows of rejected shares stored per worker per minute. Past it a reject still counts in
 * every counter and minute rollup, but gets no row of its own: a real worker sends about
 * TBG_SHARES_PER_MIN shares a minute in all, while one flooding connection once wrote 200,000
 * reject rows in 5 s.
 */
export const REJECT_ROWS_PER_WORKER_MINUTE = 60;

export class EventLog {
  private parts: string[] = [];
  private shareCount = 0;
  private eventCount = 0;
  /** Shares refused because the log was full (the writer thread is not keeping up). */
  dropped = 0;
  /** Of those, accepted shares (the log prefers to lose rejects; see append). */
  droppedAccepted = 0;
  /** Rejected shares logged without a raw row (REJECT_ROWS_PER_WORKER_MINUTE). */
  rowlessRejects = 0;
  private rejectMinute = -1;
  private readonly rejectRows = new Map<string, number>();

  constructor(private readonly maxShares: number) {}

  get shares(): number {
    return this.shareCount;
  }

  /** Events logged and not yet taken (shares and the others). */
  get events(): number {
    return this.eventCount;
  }

  get size(): number {
    return this.parts.length;
  }

  append<K extends LoggedEvent>(name: K, event: LoggedEventMap[K]): void {
    if (name === "share_submitted") {
      const e = event as PoolEventMap["share_submitted"];
      // Full (the writer is far behind): rejects go first; accepted shares get twice the room.
      if (this.shareCount >= (e.accepted ? 2 * this.maxShares : this.maxShares)) {
        this.dropped++;
        if (e.accepted) this.droppedAccepted++;
        return;
      }
      const rowless = !e.accepted && this.overRejectRows(e);
      this.shareCount++;
      this.eventCount++;
      const tuple: unknown[] = [
        SHARE, e.source, e.address, e.worker, e.userAgent, e.ip, e.sessionId, e.jobId, e.height, e.accepted ? 1 : 0,
        e.targetDifficulty, e.shareDifficulty, e.rejectCode, e.rejectReason, e.isBlock ? 1 : 0, e.timestamp,
      ];
      if (rowless) tuple.push(NO_ROW);
      this.parts.push(JSON.stringify(tuple));
      return;
    }
    // The other events come a few per minute: their whole object is fine.
    this.eventCount++;
    this.parts.push(JSON.stringify([LOGGED_EVENTS.indexOf(name), event]));
  }

  /** Whether this reject is past its worker's raw-row allowance for the minute (and counts it). */
  private overRejectRows(e: PoolEventMap["share_submitted"]): boolean {
    const minute = Math.floor(e.timestamp / 60_000);
    if (minute !== this.rejectMinute) {
      // Only the current minute is tracked, so the map holds at most the workers rejecting now.
      this.rejectMinute = minute;
      this.rejectRows.clear();
    }
    const key = `${e.address}.${e.worker}`;
    const n = this.rejectRows.get(key) ?? 0;
    if (n >= REJECT_ROWS_PER_WORKER_MINUTE) {
      this.rowlessRejects++;
      return true;
    }
    this.rejectRows.set(key, n + 1);
    return false;
  }

  /** Everything logged so far as one string, and an empty log; null when nothing was logged. */
  take(): TakenLog | null {
    if (this.parts.length === 0) return null;
    const taken = { text: `[${this.parts.join(",")}]`, shares: this.shareCount, events: this.eventCount };
    this.parts = [];
    this.shareCount = 0;
    this.eventCount = 0;
    return taken;
  }

  /** Puts taken entries back in front (a write that never reached the database is retried). */
  restore(taken: TakenLog): void {
    const inner = taken.text.slice(1, -1);
    if (inner.length === 0) return;
    this.parts.unshift(inner);
    this.shareCount += taken.shares;
    this.eventCount += taken.events;
  }
}

export interface TakenLog {
  text: string;
  shares: number;
  events: number;
}

/** A logged entry as the writer reads it: a share may be marked to count without a raw row. */
export type DecodedEntry = LogEntry & { noRow?: true };

/** The entries of a string from `EventLog.take`, in the order they were logged. */
export function decodeLog(s: string): DecodedEntry[] {
  const rows = JSON.parse(s) as unknown[][];
  const out: DecodedEntry[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (r[0] === SHARE) {
      out[i] = {
        name: "share_submitted",
        event: {
          source: r[1] as PoolEventMap["share_submitted"]["source"], address: r[2] as string, worker: r[3] as string, userAgent: r[4] as string,
          ip: r[5] as string, sessionId: r[6] as string, jobId: r[7] as string, height: r[8] as number | null, accepted: r[9] === 1,
          targetDifficulty: r[10] as number, shareDifficulty: r[11] as number, rejectCode: r[12] as number | null,
          rejectReason: r[13] as string | null, isBlock: r[14] === 1, timestamp: r[15] as number,
        },
        ...(r[16] === NO_ROW ? { noRow: true } : {}),
      };
    } else {
      out[i] = { name: LOGGED_EVENTS[r[0] as number]!, event: r[1] } as LogEntry;
    }
  }
  return out;
}
