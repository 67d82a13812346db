// The mining data domain, assembled: the ingest loop (bus → aggregator → batched writes), the
// read model, and the web feature (API, public JSON, pages). src/server.ts wires it:
//   const mining = createMining({ db, log, config, now });
//   createApp(deps, [mining.feature, ...]); mining.attach(bus)   // bus fed by bridgePoolEvents
//   on shutdown: await mining.stop()   (writes the last batch, closes the writer thread)
import { Elysia } from "elysia";
import type { PoolEventMap } from "../../stratum/index.ts";
import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";
import { MiningQueries } from "../db/mining-queries.ts";
import type { EventSource } from "../events.ts";
import type { Feature } from "../http/app.ts";
import type { AppDeps } from "../http/deps.ts";
import { miningRoutes } from "../http/routes/mining.ts";
import { accountResolver, addressResolver } from "../http/routes/mining-miner.ts";
import { findSettings } from "../db/users.ts";
import { miningPageRoutes } from "../http/routes/mining-pages.ts";
import { publicRoutes } from "../http/routes/public.ts";
import type { Logger } from "../log.ts";
import { BlockStatusTracker, type Confirmations } from "./block-status.ts";
import { Ingest, type IngestStats, type WriterStatus } from "./ingest.ts";
import { MiningStats } from "./stats.ts";

export interface MiningDeps {
  db: Db;
  log: Logger;
  config: Config;
  now?: () => number;
  /** Who is signed in (accounts' optionalUser): such callers see their own numbers. */
  optionalUser?: (request: Request) => Promise<{ user: { id: number; btcAddress: string | null } } | null>;
  flushIntervalMs?: number;
  /** Asks the node how many confirmations a found block has (confirmed/orphaned come from it). */
  confirmations?: Confirmations;
}

export interface Mining {
  /** Every mining route and page: /api/v1/mining/*, /api/v1/public/*, /users/:address, /dashboard, /pool, /setup. */
  feature: Feature;
  /** Subscribes to pool events. Give it the app's bus (see src/events.ts), not the pool's emitter. */
  attach(events: EventSource<PoolEventMap>): void;
  /** Writes everything received so far; resolves when it is committed. */
  flush(): Promise<void>;
  /** Writes the last batch and closes the writer thread (before the database is closed); resolves with the events it could not store. */
  stop(): Promise<number>;
  /** The writer thread's health (readiness reports it). */
  writerStatus(): WriterStatus;
  stats: MiningStats;
  ingestStats(): IngestStats;
}

export function createMining(deps: MiningDeps): Mining {
  const now = deps.now ?? Date.now;
  const ingest = new Ingest({
    db: deps.db, log: deps.log, now, shareRetentionMs: deps.config.shareRetentionMs, flushIntervalMs: deps.flushIntervalMs,
  });
  const queries = new MiningQueries(deps.db);
  const stats = new MiningStats(queries, ingest.agg, now);
  const privacyOf = (userId: number) => {
    const s = findSettings(deps.db, userId);
    return { showProfile: s?.privacyShowProfile ?? true, showHashrate: s?.privacyShowHashrate ?? true };
  };
  const isHidden = (userId: number) => !privacyOf(userId).showProfile;
  /** Hidden from this caller: the profile is off and the caller is not its signed-in owner. */
  const hiddenFrom = async (request: Request, userId: number) => {
    if (!isHidden(userId)) return false;
    const me = deps.optionalUser ? await deps.optionalUser(request).catch(() => null) : null;
    return me?.user.id !== userId;
  };
  const byAddress = addressResolver(queries, isHidden);
  const resolve = deps.optionalUser ? accountResolver(deps.optionalUser, byAddress) : byAddress;
  const api = miningRoutes(stats, resolve);
  const pub = publicRoutes(stats, queries, privacyOf);
  const pages = miningPageRoutes(stats, queries, ingest.agg, now, hiddenFrom);
  const tracker = deps.confirmations
    ? new BlockStatusTracker({ queries, confirmations: deps.confirmations, record: (e) => ingest.recordBlockStatus(e), log: deps.log.child("blocks"), now })
    : null;
  let attached = false;
  const drains: (() => Promise<void>)[] = [];
  const offs: (() => void)[] = [];
  return {
    feature: (app: AppDeps) => new Elysia({ name: "mining-feature" }).use(api(app)).use(pub()).use(pages(app)),
    attach(events) {
      ingest.attach(events);
      // Events still queued in a bus belong in the last batch too.
      const d = (events as { drain?: () => Promise<void> }).drain;
      if (typeof d === "function") drains.push(() => d.call(events));
      if (tracker) {
        offs.push(
          events.on("new_block_network", () => void tracker.check()),
          // Once the found block's row is written, the node is asked about it.
          events.on("block_found", () => void ingest.flush().then(() => tracker.check())),
        );
      }
      if (!attached) {
        ingest.start();
        tracker?.start();
      }
      attached = true;
    },
    async flush() {
      for (const d of drains) await d();
      await ingest.flush();
    },
    async stop() {
      for (const off of offs) off();
      await tracker?.stop();
      for (const d of drains) await d();
      return ingest.stop();
    },
    writerStatus: () => ingest.writerStatus(),
    stats,
    ingestStats: () => ({ ...ingest.stats }),
  };
}
