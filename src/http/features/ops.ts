// The operator's side of the web app: the admin pages (Users, Pool, Badges, Audit log, Doctor,
// Logs), /metrics and the widget summary. src/server.ts builds OpsDeps from the running pieces;
// tests build the same from theirs.
import { Elysia } from "elysia";
import type { PoolMetrics } from "../../admin/pool-metrics.ts";
import type { Accounts } from "../../auth/accounts.ts";
import type { BusStats } from "../../events.ts";
import type { Game } from "../../game/service.ts";
import type { Hashrates } from "../../mining/hashrate.ts";
import type { LogEntry } from "../../log.ts";
import type { Feature } from "../app.ts";
import { adminPageRoutes } from "../routes/admin-pages.ts";
import { metricsRoutes, registerPoolMetrics } from "../routes/metrics.ts";
import type { Mining } from "../../mining/service.ts";

export interface OpsDeps {
  accounts: Pick<Accounts, "ctx" | "guards">;
  game: Pick<Game, "adminGrant" | "adminRevoke">;
  metrics: PoolMetrics;
  busStats(): BusStats;
  /** Workers online now (the mining read model's live numbers). */
  onlineWorkers(at: number): { address: string; worker: string; userAgent: string | null; currentDiff: number | null; sessions: number; lastShareAt: number | null; rates: Hashrates }[];
  /** A user's stored workers. */
  /** Where the setup doctor asks Telegram's getMe (tests: a local Bot API server); Telegram's own by default. */
  telegramApiRoot?: string;
  /** The pool's live hashrate (decayed averages). */
  poolHashrate(at: number): Hashrates;
  /** The mining writer's counters (batches, write time, pending shares). */
  writerStats(): { batches: number; totalWriteMs: number; lastWriteMs: number; pendingShares: number };
  /** The pool's shares per hour by reject reason from storage (all instances; kept 48 h). */
  rejectHours(fromMinute: number): Promise<{ minute: number; accepted: number; stale: number; duplicate: number; lowDiff: number; other: number }[]>;
  /** Stored found blocks by status. */
  storedBlocks(): Promise<Record<string, number>>;
  /** The last log lines of this process, oldest first. */
  logLines(): LogEntry[];
  workersOf(userId: number): Promise<{ name: string; userAgent: string | null; isOnline: boolean; currentDiff: number | null; bestDiff: number; sharesAccepted: number; sharesRejected: number; lastShareAt: number | null }[]>;
}

/** What the admin pages read from the mining service (one place for the server and the tests). */
export function miningReadsForOps(mining: Mining): Pick<OpsDeps, "onlineWorkers" | "poolHashrate" | "writerStats" | "rejectHours" | "storedBlocks" | "workersOf"> {
  return {
    onlineWorkers: (at) => mining.readModel.agg.onlineWorkers(at),
    poolHashrate: (at) => mining.readModel.agg.poolHashrate(at),
    writerStats: () => mining.ingestStats(),
    rejectHours: (fromMinute) => mining.readModel.queries.poolRejectHours(fromMinute),
    storedBlocks: async () => {
      const counts: Record<string, number> = {};
      for (const b of await mining.readModel.queries.blocks(null, 1000)) counts[b.status] = (counts[b.status] ?? 0) + 1;
      return counts;
    },
    workersOf: async (id) => (await mining.readModel.queries.workers(id)).map((w) => ({ ...w, isOnline: !!w.isOnline })),
  };
}

export function opsFeature(ops: OpsDeps): Feature {
  return (deps) => {
    const app = new Elysia({ name: "ops-feature" }).use(adminPageRoutes(ops, deps));
    if (!deps.metrics) return app;
    registerPoolMetrics(deps.metrics, ops, deps);
    return app.use(metricsRoutes(deps.metrics, deps.config.metricsToken));
  };
}
