// GET /metrics: Prometheus text format. Open like /health unless TBG_METRICS_TOKEN is set; then
// `Authorization: Bearer <token>` is required (compared in constant time). The pool's families
// are registered here from the live numbers; other features register theirs on deps.metrics.
import { timingSafeEqual } from "node:crypto";
import { Elysia } from "elysia";
import { REJECT_REASONS } from "../../admin/pool-metrics.ts";
import type { MetricsRegistry, Sample } from "../../core/metrics.ts";
import type { AppDeps } from "../deps.ts";
import type { OpsDeps } from "../features/ops.ts";
import { ApiError } from "../errors.ts";
import { eventCounters, stratumCounters } from "../pool-counters.ts";

const NODE_STATES = ["connecting", "ready", "syncing", "down"];

export function registerPoolMetrics(m: MetricsRegistry, ops: OpsDeps, deps: AppDeps): void {
  const pm = ops.metrics;
  const status = () => deps.pool.status();
  m.gauge("tbg_build_info", "Version of tbg running (always 1)", () => [{ labels: { version: deps.version }, value: 1 }]);
  m.register("tbg_shares_accepted_total", "Accepted shares since start", "counter", () => [{ value: pm.sharesAccepted }]);
  m.register("tbg_shares_rejected_total", "Rejected shares since start, by reason", "counter", () =>
    Object.values(REJECT_REASONS).filter((r, i, a) => a.indexOf(r) === i).map((reason) => ({ labels: { reason }, value: pm.sharesRejected[reason] ?? 0 })),
  );
  m.register("tbg_accepted_difficulty_total", "Sum of accepted shares' difficulty since start (rate() × 2^32 = hashes per second)", "counter", () => [{ value: pm.acceptedWork }]);
  m.gauge("tbg_pool_hashrate_hashes_per_second", "Pool hashrate, decayed average over the window", () => {
    const r = ops.poolHashrate(deps.now());
    return (["1m", "5m", "1h"] as const).map((w) => ({ labels: { window: w }, value: r[w] }));
  });
  m.gauge("tbg_user_hashrate_hashes_per_second", "Hashrate per payout address over 5 minutes (online workers summed)", () => {
    const by = new Map<string, number>();
    for (const w of ops.onlineWorkers(deps.now())) by.set(w.address, (by.get(w.address) ?? 0) + w.rates["5m"]);
    return [...by].map(([address, v]) => ({ labels: { address }, value: v }));
  });
  m.gauge("tbg_stratum_connections", "Open stratum connections", () => status().sessions);
  m.gauge("tbg_workers_online", "Workers online (sent a share recently or connected)", () => ops.onlineWorkers(deps.now()).length);
  m.gauge("tbg_miners_online", "Payout addresses with a worker online", () => new Set(ops.onlineWorkers(deps.now()).map((w) => w.address)).size);
  m.register("tbg_blocks_found_total", "Blocks this process found since start", "counter", () => [{ value: pm.blocksFound }]);
  m.register("tbg_blocks_accepted_total", "Found blocks the node accepted, since start", "counter", () => [{ value: pm.blocksAccepted }]);
  m.register("tbg_blocks_rejected_total", "Found blocks the node refused, since start", "counter", () => [{ value: pm.blocksRejected }]);
  m.gauge("tbg_blocks_stored", "Stored found blocks by status (accepted, confirmed, orphaned, rejected)", async () =>
    Object.entries(await ops.storedBlocks()).map(([s, n]) => ({ labels: { status: s }, value: n })),
  );
  m.gauge("tbg_node_up", "1 while the node hands out work", () => (status().node.state === "ready" ? 1 : 0));
  m.gauge("tbg_node_state", "The node client's state (1 for the current one)", () => NODE_STATES.map((s) => ({ labels: { state: s }, value: status().node.state === s ? 1 : 0 })));
  m.gauge("tbg_chain_height", "Height of the block the pool's work builds", () => status().height ?? NaN);
  m.gauge("tbg_network_difficulty", "Network difficulty of the current work", () => status().networkDifficulty ?? NaN);
  m.gauge("tbg_template_age_seconds", "Seconds since the newest block template", () => {
    const t = status().lastTemplateAt;
    return t === undefined ? NaN : Math.max(0, (deps.now() - t) / 1000);
  });
  m.register("tbg_pool_limit_events_total", "What the pool's connection limits refused or cut, since start", "counter", () =>
    Object.entries(stratumCounters(status())).map(([counter, v]) => ({ labels: { counter }, value: v })),
  );
  m.register("tbg_event_loss_total", "Events lost between the pool and storage (accepted_shares_dropped must stay 0)", "counter", () =>
    Object.entries(eventCounters(deps)).map(([counter, v]) => ({ labels: { counter }, value: v })),
  );
  m.gauge("tbg_bus_queue_depth", "Events waiting in each bus subscriber's queue", () => ops.busStats().subscribers.map((s) => ({ labels: { subscriber: s.name, event: s.event }, value: s.queued })));
  m.register("tbg_bus_dropped_total", "Events a full bus queue dropped, by subscriber", "counter", () =>
    ops.busStats().subscribers.map((s) => ({ labels: { subscriber: s.name, event: s.event }, value: s.dropped })),
  );
  m.register("tbg_bus_published_total", "Events published on the bus", "counter", () => [{ value: ops.busStats().published }]);
  m.register("tbg_db_write_batch_seconds", "Time the mining writer took per committed batch", "summary", () => {
    const w = ops.writerStats();
    return [{ suffix: "_sum", value: w.totalWriteMs / 1000 }, { suffix: "_count", value: w.batches }];
  });
  m.gauge("tbg_db_write_last_batch_seconds", "Time the last committed batch took", () => ops.writerStats().lastWriteMs / 1000);
  m.gauge("tbg_db_pending_shares", "Shares received but not yet written", () => ops.writerStats().pendingShares);
}

function tokenMatches(header: string | null, token: string): boolean {
  const m = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (!m) return false;
  const a = Buffer.from(m[1]!);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function metricsRoutes(m: MetricsRegistry, token: string | undefined) {
  return new Elysia({ name: "metrics" }).get(
    "/metrics",
    async ({ request }) => {
      if (token !== undefined && !tokenMatches(request.headers.get("authorization"), token)) {
        throw new ApiError(401, "UNAUTHORIZED", "/metrics needs Authorization: Bearer <TBG_METRICS_TOKEN>", null, { "www-authenticate": 'Bearer realm="metrics"' });
      }
      return new Response(await m.render(), { headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8", "cache-control": "no-store" } });
    },
    { detail: { summary: "Prometheus metrics (text format); Bearer TBG_METRICS_TOKEN when set", tags: ["Health"] } },
  );
}
