// Wires the process together: storage (SQLite or PostgreSQL), pool, web app. Only this file
// (through main.ts) creates the real pieces; tests call startServer with their own config.
import { hostname } from "node:os";
import { createPool, createRpcClient, createThreadedPool, type Pool, type PoolEventMap, type PoolNode } from "../stratum/index.ts";
import type { Config } from "./config.ts";
import { openStorage, type Storage } from "./db/storage.ts";
import { blockJournalDir } from "./admin/block-candidates.ts";
import { createAccounts } from "./auth/accounts.ts";
import { createLeadership, createRegistry, createRelay, newInstanceId, RELAYED_POOL_EVENTS, type PoolWide, type Registry } from "./cluster/index.ts";
import { bridgePoolEvents, createEventBus, type PoolBus } from "./events.ts";
import { createApp, type Feature } from "./http/app.ts";
import { nodeConfirmations } from "./mining/block-status.ts";
import { createMining } from "./mining/service.ts";
import { LogRing, teeLogger, type Logger } from "./log.ts";
import { bindOrExplain } from "./port-in-use.ts";
import { VERSION } from "./version.ts";
import { accountsFeature } from "./http/features/accounts.ts";
import { miningFeature } from "./http/features/mining.ts";
import { dashboardGame, gameFeature } from "./http/features/game.ts";
import { createGame } from "./game/service.ts";
import { miningReadsForOps, opsFeature } from "./http/features/ops.ts";
import { createPoolMetrics } from "./admin/pool-metrics.ts";
import { createStratumBans } from "./admin/bans.ts";
import { relayDenied } from "./auth/deny-relay.ts";
import { removePid, writePid } from "./admin/pidfile.ts";
import { MetricsRegistry } from "./core/metrics.ts";
import { learnFeature } from "./http/features/learn.ts";
import { createLearn } from "./learn/service.ts";
import { socialFeature } from "./http/features/social.ts";
import { createCoops } from "./social/coops.ts";
import { competitionsFeature } from "./http/features/competitions.ts";
import { leaguesFeature } from "./http/features/leagues.ts";
import { createWorldCup } from "./compete/worldcup/service.ts";
import { createLeagues } from "./compete/leagues/service.ts";
import { tokensFeature } from "./http/features/tokens.ts";
import { createTokens } from "./tokens/service.ts";
import { createLeaderboards } from "./compete/leaderboards.ts";
import { ranksFeature } from "./http/features/ranks.ts";
import { createGames } from "./compete/games.ts";
import { createLottery } from "./compete/lottery.ts";
import { followFeatures } from "./game/from-features.ts";
import { chainFromRpc } from "./compete/chain.ts";
import { createHub, type Hub, type HubOptions } from "./realtime/hub.ts";
import { applyPush, feedHub, shortAddress, SUBSCRIBER_CAPACITY, type RealtimePushMap } from "./realtime/feed.ts";
import { realtimeFeature } from "./http/features/realtime.ts";
import { telegramRoutes } from "./http/routes/telegram.ts";
import { createBot, isTokenRefused, type TelegramBot } from "./bot/bot.ts";
import { addressToScript } from "../stratum/bitcoin/index.ts";

/** A stratum line longer than this closes that connection (real miners send < 1 KiB). */
const MAX_STRATUM_LINE_BYTES = 16 * 1024;

export interface Running {
  httpPort: number;
  stratumPort: number;
  /** The stratum+ssl port when TBG_STRATUM_TLS_PORT is set. */
  stratumTlsPort?: number;
  storage: Storage;
  pool: Pool;
  /** The WebSocket hub (tests and benchmarks read its counters). */
  hub: Hub;
  /** The Telegram bot once running; null without TBG_TELEGRAM_BOT_TOKEN or until the Bot API answered. */
  readonly bot: TelegramBot | null;
  /** Resolves when the bot runs (or null: no token, or the token was refused). */
  botReady: Promise<TelegramBot | null>;
  /** Stop accepting, finish in-flight work, flush, close the database. Idempotent. */
  stop(): Promise<void>;
}

export interface ServerOptions {
  features?: Feature[];
  now?: () => number;
  /** Where templates come from instead of config.node (tests: a recorded template source). */
  node?: PoolNode;
  /** Runs the pool on the main thread as before the pool thread existed (bench/isolation.ts compares). */
  inProcessPool?: boolean;
  /** Where the setup doctor asks Telegram's getMe (tests: a local Bot API server). */
  telegramApiRoot?: string;
  /** The ring `log` already writes into (src/main.ts); without one, the server keeps its own. */
  logRing?: LogRing;
  /** WebSocket timings and connect limits (tests shorten them). */
  realtime?: Omit<HubOptions, "log" | "now"> & { connectLimits?: { perUser?: number; perIp?: number } };
  /** How often banned payout addresses are re-read from the database (BAN_REFRESH_MS; tests shorten it). */
  banRefreshMs?: number;
  /** The bot's silent-worker sweep period and longest 429 wait (tests shorten them). */
  bot?: { sweepMs?: number; maxRetryAfterS?: number };
}

export async function startServer(config: Config, baseLog: Logger, opts: ServerOptions = {}): Promise<Running> {
  // The admin Logs page shows the last lines this process wrote.
  const logRing = opts.logRing ?? new LogRing();
  const log = opts.logRing ? baseLog : teeLogger(baseLog, logRing.push, config.logLevel);
  const now = opts.now ?? Date.now;
  const startedAt = now();
  // Refuses a damaged or read-only SQLite file, or a PostgreSQL server it cannot reach, here:
  // before the pool accepts a single share (a DatabaseProblem: one line naming the file or host).
  const storage = await openStorage(config.database.engine === "sqlite" ? config.database.path : config.database.url, { verify: true });
  const m = storage.migrated!;
  const check = storage.engine === "sqlite" ? { check: storage.checked?.scope, check_ms: storage.checked?.ms } : {};
  log.child("db").info(`${storage.engine} ${storage.where}`, { migrations: m.total, applied: m.applied.length, ...check });

  // The pool runs in its own thread: miners' replies never wait behind pages, game work or a
  // locked database on this one.
  const poolOptions = {
    host: config.stratum.host,
    port: config.stratum.port,
    network: config.network,
    node: config.node,
    coinbaseTag: config.stratum.coinbaseTag,
    feePercent: config.stratum.feePercent,
    feeAddress: config.stratum.feeAddress,
    versionMask: config.stratum.versionMask,
    minDiff: config.stratum.minDiff,
    maxDiff: config.stratum.maxDiff,
    startDiff: config.stratum.startDiff,
    sharesPerMin: config.stratum.sharesPerMin,
    maxConnectionsPerIp: config.stratum.maxConnectionsPerIp,
    maxConnections: config.stratum.maxConnections,
    idleTimeoutMs: config.stratum.idleTimeoutMs,
    subscribeTimeoutMs: config.stratum.subscribeTimeoutMs,
    maxLineBytes: MAX_STRATUM_LINE_BYTES,
    // Solved blocks go to disk before the node hears of them; pending ones are resubmitted at start.
    blockJournalDir: blockJournalDir(config.dataDir),
    ...(config.stratum.tls ? { tls: config.stratum.tls } : {}),
    log: log.child("stratum"),
  };
  // A node object (tests: a recorded template source) cannot cross to a thread: that pool runs here.
  const pool = opts.node ? createPool({ ...poolOptions, node: opts.node }) : opts.inProcessPool ? createPool(poolOptions) : createThreadedPool(poolOptions);
  // A worker's best share survives a restart: "New best share" continues from the stored record.
  const bests = await storage.mining.workerBests();
  pool.restoreBests(bests);
  if (bests.length > 0) log.child("stratum").info("restored workers' best shares", { workers: bests.length });

  // Several instances on one PostgreSQL database: one of them (the leader) runs the scheduled
  // jobs; alone (SQLite) this one always does.
  const instanceId = newInstanceId();
  const clusterLog = log.child("cluster");
  const leadership = await createLeadership(storage, { log: clusterLog });
  const accounts = await createAccounts({ repos: storage.repos, log, config, now, runsJobs: leadership.isLeader });
  // Pool events reach consumers through the bus: its queues keep every consumer off the share path.
  const bus: PoolBus = createEventBus({
    onError: (sub, err) => log.warn("event subscriber failed", { sub, err: String(err) }),
    // Rate-limited by the bus; the totals are on /health/ready.
    onDrop: (r) => log.warn("event queue full: events dropped", { ...r }),
  });
  bridgePoolEvents(pool.events, bus);
  const metrics = createPoolMetrics(bus);
  // Banned users' payout addresses are refused from the first connection on; a ban made later
  // reaches this pool before the admin's page answers, and the other instances at once.
  const bans = await createStratumBans({ repos: storage.repos, pool, log: log.child("admin"), intervalMs: opts.banRefreshMs, cluster: { storage, instanceId, now } });
  await bans.refresh();
  accounts.ctx.onBanChanged = () => bans.changed();
  // Sessions signed out here stop working on the other instances at once.
  const deniedRelay = await relayDenied(storage, accounts.ctx.denied, { instanceId, log: clusterLog });
  // Events other instances must hear go out through PostgreSQL; theirs arrive on relay.events
  // (never on this bus, whose blocks the mining writer stores).
  const relay = await createRelay<PoolEventMap>(storage, bus, { names: RELAYED_POOL_EVENTS, instanceId, log: clusterLog });
  let registry: Registry | null = null;
  const blocksLog = log.child("blocks");
  const confirmations = nodeConfirmations(createRpcClient(config.node), (hash) => blocksLog.warn("the node does not know a block the pool found", { hash }));
  const mining = await createMining({
    storage, log, config, now, optionalUser: accounts.guards.optionalUser, confirmations,
    runsJobs: leadership.isLeader,
    poolWide: () => registry?.poolWide() ?? null,
  });
  // The game follows stored mining data: it catches up on what it missed (a crash between a
  // mining commit and its step), then listens to each committed batch. The catch-up is first on
  // the game's queue, so batch events wait behind it, but start-up and the pool do not.
  const game = createGame({ repos: storage.repos, log, now, leaderOnly: leadership.leaderOnly });
  void game.catchUp().catch((err) => log.child("game").error("catch-up failed; the next start tries again", { err: String(err) }));
  game.attach(mining.events);
  game.start();
  // Lessons: completions pay XP through the game; learn.events carries completions for the feed.
  const learn = createLearn({ repos: storage.repos, game, log, now });
  // Cooperatives: coops.events carries creations, joins and departures for the feed.
  const coops = createCoops({ repos: storage.repos, game, log, now });
  // The World Cup's schedule runs every minute on the leader; worldCup.events carries its moves,
  // finished matches and champions for the feed.
  const worldCup = createWorldCup({ repos: storage.repos, game, log, now, leaderOnly: leadership.leaderOnly });
  worldCup.start();
  // Tap mining is anchored to proof of work: committed batches raise energy and pay MINING rewards.
  const tokens = createTokens({ repos: storage.repos, log, now, leaderOnly: leadership.leaderOnly });
  tokens.attach(mining.events);
  void tokens.catchUp().catch((err) => log.child("tokens").error("proof-of-work catch-up failed; the next start tries again", { err: String(err) }));
  tokens.start();
  const leaderboards = createLeaderboards({ repos: storage.repos, log, now, isLeader: leadership.isLeader });
  leaderboards.start();
  // The weekly lottery: closes and draws on the leader; seeded by a block the node names.
  const lottery = createLottery({ repos: storage.repos, log, now, chain: chainFromRpc(createRpcClient(config.node)), namer: () => leaderboards.namer(), leaderOnly: leadership.leaderOnly });
  lottery.start();
  // Leagues: the season-end job (every 5 minutes, on the leader) places, scores and moves clubs.
  const leagues = createLeagues({ repos: storage.repos, log, now, namer: () => leaderboards.namer(), leaderOnly: leadership.leaderOnly });
  leagues.start();
  // Lottery wins, finished tracks, coops, the World Cup, league promotions and airdrop payouts reach the feed and the notification centre.
  const followed = followFeatures(game, { lottery: lottery.events, learn: learn.events, coops: coops.events, worldCup: worldCup.events, leagues: leagues.events, tokens: tokens.events }, log);
  mining.attach(bus);
  // The leader follows every found block of the pool: one found elsewhere is asked about once its
  // instance has stored it, and a new leader looks at once.
  relay.events.on("block_found", (r) => {
    if (r.origin !== "remote") return;
    clusterLog.info("block found through another instance", { instance: r.instance, height: r.event.height, hash: r.event.hash, accepted: r.event.accepted });
    setTimeout(() => void mining.checkBlocks(), 2000).unref?.();
  });
  leadership.onChange((leader) => {
    if (leader) void mining.checkBlocks();
  });
  // The WebSocket hub: fed from the pool, the pool-wide relay and the game through bounded
  // queues; pushes other instances' sockets need go out through PostgreSQL (nothing on SQLite).
  const { connectLimits, ...hubTimings } = opts.realtime ?? {};
  const hub = createHub({ log: log.child("ws"), now, ...hubTimings });
  const pushBus = createEventBus<RealtimePushMap>({ onError: (sub, err) => log.warn("realtime push failed", { sub, err: String(err) }) });
  const pushRelay = await createRelay<RealtimePushMap>(storage, pushBus, { names: ["realtime.push"], instanceId, log: clusterLog, channel: "tbg_realtime" });
  pushRelay.events.on("realtime.push", (r) => void applyPush(hub, r.event), { name: "ws:relayed", capacity: SUBSCRIBER_CAPACITY });
  const stopFeed = feedHub(hub, { pool: bus, poolWide: relay.events, game: game.events, ranks: leaderboards.events, competition: worldCup.events, leagues: leagues.events, tokens: tokens.events }, {
    relay: (w) => void pushBus.publish("realtime.push", w),
    finderName: async (address) => (await storage.repos.users.findUserByAddress(address))?.displayName ?? shortAddress(address),
  });
  // A revoked access token (ban, sign-out everywhere, password change; here or on another
  // instance) closes the sockets it opened at once, not when the token would have expired.
  accounts.ctx.denied.watch((jtis) => hub.revoke(jtis));
  hub.start();
  // The Telegram bot, in process, when a token is configured. Started in the background: a Bot
  // API that cannot be reached (a LAN without internet) never holds up the pool or the web app;
  // it is tried again with backoff, and a token Telegram refuses stops the attempts.
  let bot: TelegramBot | null = null;
  let botStopped = false;
  let wakeBot: (() => void) | null = null;
  const botLog = log.child("bot");
  const botToken = config.telegram.botToken;
  const botReady: Promise<TelegramBot | null> = !botToken
    ? Promise.resolve(null)
    : (async () => {
        for (let wait = 5_000; !botStopped; wait = Math.min(wait * 2, 300_000)) {
          try {
            const made = await createBot({
              token: botToken, apiRoot: config.telegram.apiRoot, publicUrl: config.http.publicUrl, repos: storage.repos, log, now,
              sources: { pool: bus, poolWide: relay.events, game: game.events },
              checkAddress: (a) => {
                const r = addressToScript(a, config.network);
                return r.ok ? null : r.reason;
              },
              poolNumbers: () => {
                const t = now();
                const st = pool.status();
                const c = mining.readModel.agg.counts(t);
                return { hashrate: mining.readModel.agg.poolHashrate(t)["5m"], miners: c.onlineUsers, workers: c.onlineWorkers, blocksFound: st.blocksFound, height: st.height ?? null };
              },
              addressNumbers: (a) => {
                const r = mining.readModel.agg.userHashrate(a, now());
                return r ? { hashrate: r["5m"] } : null;
              },
              leader: leadership,
              ...opts.bot,
            });
            if (botStopped) await made.stop();
            else bot = made;
            return bot;
          } catch (err) {
            if (isTokenRefused(err)) {
              botLog.error("Telegram refused TBG_TELEGRAM_BOT_TOKEN; the bot stays off", { error: String((err as Error).message) });
              return null;
            }
            botLog.warn(`Bot API unreachable; the bot starts when it answers (next try in ${wait / 1000} s)`, { error: String((err as Error).message ?? err) });
            await new Promise<void>((r) => {
              const t = setTimeout(r, wait);
              wakeBot = () => {
                clearTimeout(t);
                r();
              };
            });
          }
        }
        return null;
      })();
  const eventLoss = () => {
    const i = mining.ingestStats();
    return {
      busDropped: bus.stats().dropped,
      acceptedSharesDropped: i.droppedAcceptedShares,
      shareRowsDropped: i.droppedShares,
      rejectRowsAggregated: i.rowlessRejects,
    };
  };
  const metricsRegistry = new MetricsRegistry();
  metricsRegistry.gauge("tbg_websocket_sockets", "Open WebSocket connections (/api/ws).", () => hub.stats().sockets);
  metricsRegistry.gauge("tbg_websocket_users", "Signed-in users with at least one open WebSocket.", () => hub.stats().users);
  metricsRegistry.gauge("tbg_websocket_slow_dropped_total", "WebSockets closed because the client did not read.", () => hub.stats().slowDropped);
  const app = await createApp({ config, metrics: metricsRegistry, storage, log, pool, writer: { status: () => mining.writerStatus() }, version: VERSION, startedAt, now, eventLoss, viewerZone: accounts.callerZone,
    cluster: { instanceId, isLeader: leadership.isLeader, view: () => (storage.engine === "postgres" ? clusterView(registry?.poolWide() ?? null) : null) } }, [
    accountsFeature(accounts),
    miningFeature(mining, dashboardGame(game)),
    gameFeature(game, accounts.guards),
    opsFeature({
      accounts, game, metrics, busStats: () => bus.stats(), telegramApiRoot: opts.telegramApiRoot, logLines: () => logRing.lines(),
      ...miningReadsForOps(mining),
    }),
    learnFeature(learn, accounts.guards),
    socialFeature(coops, accounts.guards),
    competitionsFeature(worldCup, accounts.guards),
    leaguesFeature(leagues, accounts.guards),
    tokensFeature(tokens, accounts.guards),
    ranksFeature({ leaderboards, lottery, games: createGames({ repos: storage.repos, leaderboards, now }), repos: storage.repos, now }, accounts.guards),
    realtimeFeature(hub, accounts.guards, connectLimits),
    () => telegramRoutes(() => bot?.webhook ?? null),
    ...(opts.features ?? []),
  ]);
  const stratum = await bindOrExplain(() => pool.start(), config.stratum.port, "TBG_STRATUM_PORT");
  log.child("stratum").info(`listening on stratum+tcp://${config.stratum.host}:${stratum.port}`, { network: config.network, node: config.node.url });
  const stratumTlsPort = pool.status().tlsPort;
  if (stratumTlsPort !== undefined) log.child("stratum").info(`listening on stratum+ssl://${config.stratum.host}:${stratumTlsPort}`, { cert: config.stratum.tls!.certFile });
  const server = await bindOrExplain(() => app.listen({ hostname: config.http.host, port: config.http.port }), config.http.port, "TBG_HTTP_PORT");
  const httpPort = server.server!.port!;
  // `tbg restore` refuses while this file names a live process.
  writePid(config.dataDir);
  log.child("http").info(`listening on http://${config.http.host}:${httpPort}`);
  if (storage.engine === "postgres") {
    // Every instance writes its live numbers every few seconds; the pool is their sum.
    const host = config.stratum.publicHost ?? (config.stratum.host === "0.0.0.0" || config.stratum.host === "::" ? hostname() : config.stratum.host);
    registry = await createRegistry(storage, {
      id: instanceId, version: VERSION, startedAt, stratumUrl: `stratum+tcp://${host}:${stratum.port}`, stratumPort: stratum.port,
      httpUrl: config.http.publicUrl ?? null, isLeader: leadership.isLeader, log: clusterLog, now,
      live: () => {
        const s = pool.status();
        const t = now();
        const c = mining.readModel.agg.counts(t);
        return { sessions: s.sessions, workers: c.onlineWorkers, miners: c.onlineUsers, hashrate: mining.readModel.agg.poolHashrate(t), blocksFound: s.blocksFound };
      },
    });
    clusterLog.info("instance registered", { instance: instanceId, leader: leadership.isLeader() });
  }

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      botStopped = true;
      wakeBot?.();
      await bot?.stop();
      stopFeed();
      hub.stop(); // sockets are told the server is going away
      await server.server?.stop(false); // stop accepting; let in-flight requests finish
      await pool.stop(); // closes sessions, waits for block submissions in flight
      await mining.stop(); // the last batch of shares and stats, then the writer thread
      await worldCup.stop(); // its schedule, before the game it grants badges through
      await learn.idle();
      await coops.idle();
      await lottery.stop();
      await leagues.stop();
      await followed.idle(); // their feed entries and notifications, before the game stops
      followed.stop();
      await game.stop(); // the game steps of those last batches
      await tokens.stop(); // and their proof-of-work credits
      await leaderboards.stop();
      await registry?.stop(); // this instance no longer counts in the pool's numbers
      await relay.stop();
      await pushRelay.stop();
      await deniedRelay.stop();
      await leadership.stop(); // another instance takes the scheduled jobs
      accounts.stop();
      await bans.stop();
      if (storage.engine === "sqlite") {
        // The writer thread has closed: this is the last connection, so the WAL can be merged and
        // emptied and a copy of the main file alone is a complete backup.
        try {
          const c = await storage.sqlite.checkpoint();
          if (c.complete) log.child("db").info("WAL merged into the database file", { wal_bytes: c.walBytes });
          else log.child("db").warn("WAL not merged: another connection holds the database; copy tbg.sqlite together with its -wal file", { wal_bytes: c.walBytes });
        } catch (err) {
          log.child("db").error("WAL checkpoint failed", { error: (err as Error).message });
        }
      }
      await storage.close();
      removePid(config.dataDir);
      log.info("stopped");
    })());
  return {
    httpPort, stratumPort: stratum.port, ...(stratumTlsPort !== undefined ? { stratumTlsPort } : {}), storage, pool, hub, botReady, stop,
    get bot() {
      return bot;
    },
  };
}

/** The status page's view of the pool's instances. */
function clusterView(w: PoolWide | null) {
  if (w === null) return null;
  return {
    miners: w.miners, workers: w.workers, sessions: w.sessions, blocksFound: w.blocksFound,
    instances: w.instances.map((i) => ({ id: i.id, stratumUrl: i.stratumUrl, leader: i.leader, self: i.self, sessions: i.sessions, hashrate5m: i.hashrate5m, version: i.version })),
  };
}
