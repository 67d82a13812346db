// The shape of one batch of mining data as storage writes it: owned here, so the writer (per
// engine) depends on nothing above src/db/. src/mining/aggregator.ts builds batches of it.

export interface Bucket {
  accepted: number;
  rejected: number;
  sumDiff: number;
  bestDiff: number;
  stale: number;
  duplicate: number;
  lowDiff: number;
  other: number;
}

export interface WorkerDelta {
  address: string;
  worker: string;
  userAgent: string | null;
  ip: string | null;
  online: boolean;
  currentDiff: number | null;
  accepted: number;
  rejected: number;
  bestDiff: number;
  bestDiffAt: number | null;
  lastShareAt: number | null;
  connectedAt: number | null;
  disconnectedAt: number | null;
  minutes: Map<number, Bucket>;
}

export interface RawShare {
  address: string;
  worker: string;
  at: number;
  difficulty: number;
  shareDifficulty: number;
  rejectCode: number | null;
  isBlock: boolean;
}

export type BestPeriod = "week" | "month" | "alltime" | "block";

export interface BestDelta {
  address: string;
  period: BestPeriod;
  periodStart: number;
  best: number;
  at: number;
  worker: string;
}

export interface DailyDelta {
  address: string;
  day: string;
  accepted: number;
  rejected: number;
  bestDiff: number;
  sumDiff: number;
  workersActive: number;
}

export interface WeeklyDelta {
  address: string;
  weekStart: number;
  best: number;
  bestAt: number | null;
  worker: string | null;
  accepted: number;
  sumDiff: number;
}

export interface Batch {
  workers: Map<string, WorkerDelta>;
  shares: RawShare[];
  pool: Map<number, Bucket>;
  daily: Map<string, DailyDelta>;
  bests: Map<string, BestDelta>;
  weekly: Map<string, WeeklyDelta>;
  blocks: FoundBlock[];
  network: NetworkTip[];
  blockStatus: BlockVerdict[];
}

/** A block the pool found, with the node's answer to submitblock. */
export interface FoundBlock {
  hash: string;
  height: number;
  address: string;
  worker: string;
  accepted: boolean;
  reason: string | null;
  shareDifficulty: number;
  networkDifficulty: number;
  rewardSats: number;
  timestamp: number;
}

/** A new tip of the network's best chain. */
export interface NetworkTip {
  height: number;
  hash: string;
  difficulty: number;
  timestamp: number;
}

/** The node's later word on a found block (confirmed, orphaned). */
export interface BlockVerdict {
  hash: string;
  status: "accepted" | "confirmed" | "orphaned";
  confirmations: number;
}

/** Adds a minute's bucket into its hour's (both writers roll minutes up into hours the same way). */
export function addHour(hours: Map<number, Bucket>, hour: number, m: Bucket): void {
  const h = hours.get(hour);
  if (h === undefined) {
    hours.set(hour, { ...m });
    return;
  }
  h.accepted += m.accepted;
  h.rejected += m.rejected;
  h.sumDiff += m.sumDiff;
  if (m.bestDiff > h.bestDiff) h.bestDiff = m.bestDiff;
}
