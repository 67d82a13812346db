// What a committed batch meant per user, for the game and anything else that rewards mining:
// published as `mining.batch_committed` once the writer thread has committed the batch, so
// nothing downstream ever acts on a share that was not stored. Built in the writer thread from
// the batch it just wrote (one pass over its per-day rows and raw shares): the main thread only
// forwards it, off the share path.
import type { Batch } from "../db/mining-batch.ts";
import { utcDay } from "../core/time.ts";

/** One user's part of a committed batch, per UTC day the batch touched. */
export interface CommittedUserDay {
  /** The payout address (the user's login on the pool). */
  address: string;
  /** `YYYY-MM-DD`, UTC. */
  day: string;
  acceptedShares: number;
  /** Sum of the accepted shares' difficulties (the work they prove). */
  sumDiff: number;
  /** Best accepted share difficulty of this batch on this day (0 when none). */
  bestDiff: number;
  /** The earliest accepted share of this batch on this day (null when its raw rows were not kept). */
  firstShareAt: number | null;
  /** Blocks found in this batch (the node took them or they are still being judged). */
  blocks: number;
}

export interface BatchCommittedEvent {
  /** The main thread's clock when the write was asked for. */
  at: number;
  users: CommittedUserDay[];
}

export interface MiningEventMap {
  "mining.batch_committed": BatchCommittedEvent;
}

/** The per-user deltas of a batch about to be written (call before the write, publish after it commits). */
export function summarizeBatch(batch: Batch, now: number): CommittedUserDay[] {
  const out = new Map<string, CommittedUserDay>();
  const get = (address: string, day: string) => {
    const k = `${address}\n${day}`;
    let d = out.get(k);
    if (d === undefined) out.set(k, (d = { address, day, acceptedShares: 0, sumDiff: 0, bestDiff: 0, firstShareAt: null, blocks: 0 }));
    return d;
  };
  for (const d of batch.daily.values()) {
    if (d.accepted <= 0) continue;
    const u = get(d.address, d.day);
    u.acceptedShares += d.accepted;
    u.sumDiff += d.sumDiff;
    if (d.bestDiff > u.bestDiff) u.bestDiff = d.bestDiff;
  }
  for (const s of batch.shares) {
    if (s.rejectCode !== null) continue;
    const u = out.get(`${s.address}\n${utcDay(s.at)}`);
    if (u !== undefined && (u.firstShareAt === null || s.at < u.firstShareAt)) u.firstShareAt = s.at;
  }
  for (const b of batch.blocks) {
    if (!b.accepted) continue;
    const mine = [...out.values()].filter((u) => u.address === b.address);
    const u = mine.length > 0 ? mine[mine.length - 1]! : get(b.address, utcDay(now));
    u.blocks++;
  }
  return [...out.values()];
}
