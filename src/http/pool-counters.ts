// What the pool's limits refused or cut and what was lost between the pool and storage, as the
// flat counters /health/ready and the admin page show (all 0 on a quiet, healthy pool;
// accepted_shares_dropped must stay 0 always).
import type { AppDeps, PoolStatus } from "./deps.ts";

export function stratumCounters(s: PoolStatus): Record<string, number> {
  const l = s.limits;
  if (l === undefined) return {};
  return {
    refused_at_cap: l.refusedAtCap,
    refused_per_ip: l.refusedPerIp,
    subscribe_timeouts: l.subscribeTimeouts,
    idle_timeouts: l.idleTimeouts,
    reject_flood_cuts: l.rejectFloodCuts,
    authorize_abuse_cuts: l.authorizeAbuseCuts,
    workers_refused: l.workersRefused,
  };
}

export function eventCounters(deps: Pick<AppDeps, "eventLoss">): Record<string, number> {
  const e = deps.eventLoss?.();
  if (e === undefined) return {};
  return {
    bus_dropped: e.busDropped,
    accepted_shares_dropped: e.acceptedSharesDropped,
    share_rows_dropped: e.shareRowsDropped,
    reject_rows_aggregated: e.rejectRowsAggregated,
  };
}
