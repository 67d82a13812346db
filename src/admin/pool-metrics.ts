// Counters of what the pool did since this process started, for the admin Pool page and
// /metrics: shares accepted and rejected by reason, blocks found and the node's verdict. Fed from
// the app's bus, never from the share path. (Per-hour history comes from the stored rollups.)
import type { EventSource, PoolEventMap } from "../events.ts";

/** Reject codes (stratum/protocol/errors.ts) by the label /metrics and the page use. */
export const REJECT_REASONS: Record<number, string> = { 20: "other", 21: "stale", 22: "duplicate", 23: "low_difficulty", 24: "unauthorized", 25: "not_subscribed" };
/** Hours of reject history the Pool page shows. */
export const REJECT_HOURS = 24;

export interface PoolMetrics {
  sharesAccepted: number;
  /** Sum of accepted shares' target difficulty (a Prometheus counter: rate() of it × 2^32 is hashrate). */
  acceptedWork: number;
  sharesRejected: Record<string, number>;
  blocksFound: number;
  blocksAccepted: number;
  blocksRejected: number;
}

export function createPoolMetrics(bus: EventSource<PoolEventMap>): PoolMetrics {
  const m: PoolMetrics = { sharesAccepted: 0, acceptedWork: 0, sharesRejected: {}, blocksFound: 0, blocksAccepted: 0, blocksRejected: 0 };
  bus.on(
    "share_submitted",
    (e) => {
      if (e.accepted) {
        m.sharesAccepted++;
        m.acceptedWork += e.targetDifficulty;
        return;
      }
      const reason = REJECT_REASONS[e.rejectCode ?? 20] ?? "other";
      m.sharesRejected[reason] = (m.sharesRejected[reason] ?? 0) + 1;
    },
    { name: "ops-metrics" },
  );
  bus.on(
    "block_found",
    (e) => {
      m.blocksFound++;
      if (e.accepted) m.blocksAccepted++;
      else m.blocksRejected++;
    },
    { name: "ops-metrics", keep: () => true },
  );
  return m;
}
