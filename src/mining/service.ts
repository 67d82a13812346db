// The mining data domain, assembled: the ingest loop (bus → aggregator → batched writes), the
// read model the web side is built from. src/server.ts wires it:
//   const mining = await createMining({ storage, log, config, now });   // storage: src/db/storage.ts, either engine
//   createApp(deps, [miningFeature(mining), ...]); mining.attach(bus)   // bus fed by bridgePoolEvents
//   on shutdown: await mining.stop()   (writes the last batch, closes the writer thread)
import type { PoolEventMap } from "../../stratum/index.ts";
import type { Config } from "../config.ts";
import type { MiningReads } from "../db/mining-reads.ts";
import type { Storage } from "../db/storage.ts";
import { createEventBus, type EventSource } from "../events.ts";
import type { MiningEventMap } from "./committed.ts";
import type { Logger } from "../log.ts";
import { BlockStatusTracker, type Confirmations } from "./block-status.ts";
import { Ingest, type IngestStats, type WriterStatus } from "./ingest.ts";
import { MiningStats, type PoolWideSource } from "./stats.ts";

/** What mining needs of storage (src/db/storage.ts): the reads, the users' privacy settings, where the writer writes. */
export type MiningStorage = Pick<Storage, "mining" | "repos" | "writerTarget" | "where">;

export interface MiningDeps {
  storage: MiningStorage;
  log: Logger;
  config: Config;
  now?: () => number;
  /** Who is signed in (accounts' optionalUser): such callers see their own numbers. */
  optionalUser?: (request: Request) => Promise<{ user: { id: number; btcAddress: string | null } } | null>;
  flushIntervalMs?: number;
  /** Asks the node how many confirmations a found block has (confirmed/orphaned come from it). */
  confirmations?: Confirmations;
  /** Whether this instance runs the scheduled jobs (block status checks); always, unless given. */
  runsJobs?: () => boolean;
  /** Pool-wide numbers when several instances share the database (null: this instance alone). */
  poolWide?: PoolWideSource;
}

export interface MiningReadModel {
  stats: MiningStats;
  queries: MiningReads;
  /** The live numbers of the main thread. */
  agg: Ingest["agg"];
  now: () => number;
  optionalUser?: MiningDeps["optionalUser"];
  privacyOf(userId: number): Promise<{ showProfile: boolean; showHashrate: boolean }>;
  isHidden(userId: number): Promise<boolean>;
  /** The user's time-zone setting (pages write times in it), null when they have none. */
  timezoneOf(userId: number): Promise<string | null>;
  /** Hidden from this caller: the profile is off and the caller is not its signed-in owner. */
  hiddenFrom(request: Request, userId: number): Promise<boolean>;
}

export interface Mining {
  /** `mining.batch_committed` after each committed batch (see ./committed.ts). */
  events: EventSource<MiningEventMap>;
  /** What the web side reads (src/http/features/mining.ts builds the routes and pages from it). */
  readModel: MiningReadModel;
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
  /** Asks the node about every found block still in play now (a block found on another instance). */
  checkBlocks(): Promise<void>;
}

export async function createMining(deps: MiningDeps): Promise<Mining> {
  const now = deps.now ?? Date.now;
  const { storage } = deps;
  const queries = storage.mining;
  const log = deps.log.child("mining");
  const events = createEventBus<MiningEventMap>({ onError: (sub, err) => log.warn("mining event subscriber failed", { sub, err: String(err) }) });
  const ingest = new Ingest({
    onCommitted: (e) => void events.publish("mining.batch_committed", e),
    target: storage.writerTarget, where: storage.where, lastPoolBlockAt: await queries.lastPoolBlockAt(),
    log: deps.log, now, shareRetentionMs: deps.config.shareRetentionMs, flushIntervalMs: deps.flushIntervalMs,
  });
  const stats = new MiningStats(queries, ingest.agg, now, deps.poolWide);
  const privacyOf = async (userId: number) => {
    const s = await storage.repos.users.findSettings(userId);
    return { showProfile: s?.privacyShowProfile ?? true, showHashrate: s?.privacyShowHashrate ?? true };
  };
  const isHidden = async (userId: number) => !(await privacyOf(userId)).showProfile;
  const timezoneOf = async (userId: number) => (await storage.repos.users.findSettings(userId))?.timezone ?? null;
  /** Hidden from this caller: the profile is off and the caller is not its signed-in owner. */
  const hiddenFrom = async (request: Request, userId: number) => {
    if (!(await isHidden(userId))) return false;
    const me = deps.optionalUser ? await deps.optionalUser(request).catch(() => null) : null;
    return me?.user.id !== userId;
  };
  const tracker = deps.confirmations
    ? new BlockStatusTracker({ queries, confirmations: deps.confirmations, record: (e) => ingest.recordBlockStatus(e), log: deps.log.child("blocks"), now, active: deps.runsJobs })
    : null;
  let attached = false;
  const drains: (() => Promise<void>)[] = [];
  const offs: (() => void)[] = [];
  return {
    events,
    readModel: { stats, queries, agg: ingest.agg, now, optionalUser: deps.optionalUser, privacyOf, isHidden, timezoneOf, hiddenFrom },
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
      await events.drain();
    },
    async stop() {
      for (const off of offs) off();
      await tracker?.stop();
      for (const d of drains) await d();
      const unstored = await ingest.stop();
      await events.drain();
      return unstored;
    },
    checkBlocks: () => tracker?.check() ?? Promise.resolve(),
    writerStatus: () => ingest.writerStatus(),
    stats,
    ingestStats: () => ({ ...ingest.stats }),
  };
}
