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

export class EventLog {
  private parts: string[] = [];
  private shareCount = 0;
  private eventCount = 0;
  /** Shares refused because the log was full (the writer thread is not keeping up). */
  dropped = 0;

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
      if (this.shareCount >= this.maxShares) {
        this.dropped++;
        return;
      }
      const e = event as PoolEventMap["share_submitted"];
      this.shareCount++;
      this.eventCount++;
      this.parts.push(
        JSON.stringify([
          SHARE, e.source, e.address, e.worker, e.userAgent, e.ip, e.sessionId, e.jobId, e.height, e.accepted ? 1 : 0,
          e.targetDifficulty, e.shareDifficulty, e.rejectCode, e.rejectReason, e.isBlock ? 1 : 0, e.timestamp,
        ]),
      );
      return;
    }
    // The other events come a few per minute: their whole object is fine.
    this.eventCount++;
    this.parts.push(JSON.stringify([LOGGED_EVENTS.indexOf(name), event]));
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

/** The entries of a string from `EventLog.take`, in the order they were logged. */
export function decodeLog(s: string): LogEntry[] {
  const rows = JSON.parse(s) as unknown[][];
  const out: LogEntry[] = new Array(rows.length);
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
      };
    } else {
      out[i] = { name: LOGGED_EVENTS[r[0] as number]!, event: r[1] } as LogEntry;
    }
  }
  return out;
}
