// Counters of what the pool did since this process started, for the admin Pool page and
// /metrics: shares accepted and rejected by reason (also per hour, for "reject reasons over
// time"), blocks found and the node's verdict. Fed from the app's bus, never from the share path.
import type { EventSource, PoolEventMap } from "../events.ts";

/** Reject codes (stratum/protocol/errors.ts) by the label /metrics and the page use. */
export const REJECT_REASONS: Record<number, string> = { 20: "other", 21: "stale", 22: "duplicate", 23: "low_difficulty", 24: "unauthorized", 25: "not_subscribed" };
/** Hours of reject history the Pool page shows. */
export const REJECT_HOURS = 24;

export interface RejectHour {
  /** Start of the hour (ms). */
  hour: number;
  accepted: number;
  rejected: Record<string, number>;
}

export interface PoolMetrics {
  sharesAccepted: number;
  /** Sum of accepted shares' target difficulty (a Prometheus counter: rate() of it × 2^32 is hashrate). */
  acceptedWork: number;
  sharesRejected: Record<string, number>;
  blocksFound: number;
  blocksAccepted: number;
  blocksRejected: number;
  /** The last REJECT_HOURS hours, oldest first (hours without a share left out). */
  hours(now: number): RejectHour[];
}

const HOUR = 3_600_000;

export function createPoolMetrics(bus: EventSource<PoolEventMap>, now: () => number = Date.now): PoolMetrics {
  const byHour = new Map<number, RejectHour>();
  const m: PoolMetrics = {
    sharesAccepted: 0,
    acceptedWork: 0,
    sharesRejected: {},
    blocksFound: 0,
    blocksAccepted: 0,
    blocksRejected: 0,
    hours(at) {
      const from = Math.floor(at / HOUR) * HOUR - (REJECT_HOURS - 1) * HOUR;
      for (const h of byHour.keys()) if (h < from) byHour.delete(h);
      return [...byHour.values()].sort((a, b) => a.hour - b.hour);
    },
  };
  const hourOf = (t: number) => {
    const h = Math.floor(t / HOUR) * HOUR;
    let e = byHour.get(h);
    if (e === undefined) {
      e = { hour: h, accepted: 0, rejected: {} };
      byHour.set(h, e);
      if (byHour.size > REJECT_HOURS + 2) m.hours(now());
    }
    return e;
  };
  bus.on(
    "share_submitted",
    (e) => {
      const h = hourOf(e.timestamp);
      if (e.accepted) {
        m.sharesAccepted++;
        m.acceptedWork += e.targetDifficulty;
        h.accepted++;
        return;
      }
      const reason = REJECT_REASONS[e.rejectCode ?? 20] ?? "other";
      m.sharesRejected[reason] = (m.sharesRejected[reason] ?? 0) + 1;
      h.rejected[reason] = (h.rejected[reason] ?? 0) + 1;
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
