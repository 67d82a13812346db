// The whole web app as src/server.ts assembles it (accounts + mining + game over one storage, on the
// suite's engine: test/storage.ts), with a Telegram bot token, an admin account and a miner with a day of shares, for
// page tests and the page benchmark. No stratum listener: the pool's status is a plain object.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAccounts } from "../src/auth/accounts.ts";
import { BOT_TOKEN, FAST_COST, signInitData, telegramUser } from "../src/auth/test-harness.ts";
import { loadConfig, type Config } from "../src/config.ts";
import type { Storage } from "../src/db/storage.ts";
import { openTestStorage } from "./storage.ts";
import { createEventBus, type PoolBus } from "../src/events.ts";
import { createApp, type App } from "../src/http/app.ts";
import type { PoolStatus } from "../src/http/deps.ts";
import { accountsFeature } from "../src/http/features/accounts.ts";
import { miningFeature } from "../src/http/features/mining.ts";
import { dashboardGame, gameFeature } from "../src/http/features/game.ts";
import { createGame, type Game } from "../src/game/service.ts";
import { LogRing, silentLogger, teeLogger, type Logger } from "../src/log.ts";
import { learnFeature } from "../src/http/features/learn.ts";
import { createLearn } from "../src/learn/service.ts";
import { socialFeature } from "../src/http/features/social.ts";
import { createCoops } from "../src/social/coops.ts";
import { competitionsFeature } from "../src/http/features/competitions.ts";
import { leaguesFeature } from "../src/http/features/leagues.ts";
import { createLeagues, type Leagues } from "../src/compete/leagues/service.ts";
import { createWorldCup, type WorldCup } from "../src/compete/worldcup/service.ts";
import { tokensFeature } from "../src/http/features/tokens.ts";
import { createTokens, type Tokens } from "../src/tokens/service.ts";
import { createLeaderboards } from "../src/compete/leaderboards.ts";
import { ranksFeature } from "../src/http/features/ranks.ts";
import { createGames } from "../src/compete/games.ts";
import { createLottery } from "../src/compete/lottery.ts";
import { followFeatures } from "../src/game/from-features.ts";
import { createMining } from "../src/mining/service.ts";
import { miningReadsForOps, opsFeature } from "../src/http/features/ops.ts";
import { MetricsRegistry } from "../src/core/metrics.ts";
import { createPoolMetrics } from "../src/admin/pool-metrics.ts";
import { realtimeFeature } from "../src/http/features/realtime.ts";
import { createHub, type Hub } from "../src/realtime/hub.ts";

export const MINER = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq";
export const ADMIN = { email: "admin@pool.lan", password: "Admin-Pass-2026" };

export interface FullApp {
  app: App;
  storage: Storage;
  config: Config;
  pool: PoolStatus;
  game: Game;
  /** Cookie header of a signed-in admin session. */
  adminCookie(): Promise<string>;
  /** The pool's event bus the mining domain listens to, and the write of everything published so far. */
  bus: PoolBus;
  flush(): Promise<void>;
  /** The app's logger (printed nowhere; the admin Logs page shows its lines). */
  log: Logger;
  /** The World Cup service (tests drive its schedule with tick()). */
  worldCup: WorldCup;
  /** The leagues (a season is open and the miner placed; tests drive it with tick()). */
  leagues: Leagues;
  /** The token economy (tap game, wallet) over the same storage. */
  tokens: Tokens;
  /** The WebSocket hub behind /api/ws (static/live.js connects on every page). */
  hub: Hub;
  /** initData Telegram would give this bot's Mini App for a user, signed with the bot token. */
  initData(userId: number, username?: string): string;
  close(): Promise<void>;
}

export const share = (worker: string, timestamp: number, accepted = true, address = MINER) => ({
  source: "hosted" as const, address, worker, userAgent: "bitaxe/BM1366/v2.4.0", ip: "192.168.1.20", sessionId: "a", jobId: "1", height: 1,
  accepted, targetDifficulty: 1000, shareDifficulty: accepted ? 1234 + (timestamp % 9000) : 10, rejectCode: accepted ? null : 23, rejectReason: accepted ? null : "Above target", isBlock: false, timestamp,
});

/** `now`: the app's clock (a test moves it to age a sign-in); the wall clock by default. */
export async function fullApp(opts: { now?: () => number } = {}): Promise<FullApp> {
  const dir = mkdtempSync(join(tmpdir(), "tbg-full-"));
  const r = loadConfig({ TBG_DATA_DIR: dir, TBG_TELEGRAM_BOT_TOKEN: BOT_TOKEN, TBG_ADMIN_EMAIL: ADMIN.email, TBG_ADMIN_PASSWORD: ADMIN.password });
  if (!r.ok) throw new Error(r.errors.join("\n"));
  const config = r.config;
  const storage = await openTestStorage("full");
  const now = opts.now ?? Date.now;
  // Nothing printed; the admin Logs page still has the lines.
  const logRing = new LogRing();
  const log = teeLogger(silentLogger, logRing.push, "debug");
  const accounts = await createAccounts({ repos: storage.repos, log, config, now, passwordCost: FAST_COST });
  const mining = await createMining({ storage, log, config, now, optionalUser: accounts.guards.optionalUser, flushIntervalMs: 100 });
  const game = createGame({ repos: storage.repos, log, now });
  game.attach(mining.events);
  // No schedule job here: tests move competitions through worldCup.tick() or the admin routes.
  const worldCup = createWorldCup({ repos: storage.repos, game, log: silentLogger, now });
  const tokens = createTokens({ repos: storage.repos, log: silentLogger, now });
  tokens.attach(mining.events);
  const bus: PoolBus = createEventBus();
  mining.attach(bus);
  const metrics = createPoolMetrics(bus);
  const t = now();
  for (let i = 0; i < 400; i++) bus.publish("share_submitted", share(i % 3 ? "bitaxe-gamma-living-room" : "nerdqaxe", t - 86_000_000 + i * 215_000, i % 50 !== 7));
  await mining.flush();
  await game.idle();
  await tokens.idle();
  const leaderboards = createLeaderboards({ repos: storage.repos, log: silentLogger, now });
  // No node here: a draw would wait (the lottery's own tests run against a regtest node).
  const lottery = createLottery({ repos: storage.repos, log: silentLogger, now, namer: () => leaderboards.namer(), chain: { tipHeight: async () => null, blockHash: async () => null } });
  const learn = createLearn({ repos: storage.repos, game, log, now });
  const coops = createCoops({ repos: storage.repos, game, log, now });
  // The current season opened, then the miner placed as a newcomer (no schedule job here).
  const leagues = createLeagues({ repos: storage.repos, log: silentLogger, now, namer: () => leaderboards.namer() });
  await leagues.tick();
  await leagues.tick();
  const followed = followFeatures(game, { lottery: lottery.events, learn: learn.events, coops: coops.events, worldCup: worldCup.events, leagues: leagues.events }, log);
  const pool: PoolStatus = { listening: true, port: 3333, sessions: 2, workers: 2, node: { state: "ready", since: t }, height: 925_000, networkDifficulty: 1.29e14, blocksFound: 0 };
  const hub = createHub({ log: silentLogger, now });
  const app = await createApp({ config, metrics: new MetricsRegistry(), storage, log, pool: { status: () => pool }, version: "0.1.0", startedAt: t - 3_600_000, now, viewerZone: accounts.callerZone }, [
    accountsFeature(accounts), miningFeature(mining, dashboardGame(game)), gameFeature(game, accounts.guards),
    learnFeature(learn, accounts.guards),
    socialFeature(coops, accounts.guards),
    competitionsFeature(worldCup, accounts.guards),
    leaguesFeature(leagues, accounts.guards),
    tokensFeature(tokens, accounts.guards),
    ranksFeature({ leaderboards, lottery, games: createGames({ repos: storage.repos, leaderboards, now }), repos: storage.repos, now }, accounts.guards),
    // Page tests open many pages from one address: no connect limit gets in their way.
    realtimeFeature(hub, accounts.guards, { perIp: 1_000_000, perUser: 1_000_000 }),
    opsFeature({
      accounts, game, metrics, busStats: () => bus.stats(), telegramApiRoot: "http://127.0.0.1:9", logLines: () => logRing.lines(),
      ...miningReadsForOps(mining),
    }),
  ]);
  let cookie: string | null = null;
  return {
    app,
    storage,
    config,
    pool,
    game,
    bus,
    worldCup,
    leagues,
    tokens,
    hub,
    flush: () => mining.flush(),
    log,
    async adminCookie() {
      if (cookie) return cookie;
      const res = await app.handle(
        new Request("http://127.0.0.1/signin/password", {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://127.0.0.1" },
          body: new URLSearchParams(ADMIN).toString(),
        }),
      );
      const set = res.headers.getSetCookie().map((c) => c.split(";")[0]!).filter((c) => !c.endsWith("="));
      if (!set.length) throw new Error(`admin sign-in failed: ${res.status} ${await res.text()}`);
      cookie = set.join("; ");
      return cookie;
    },
    initData: (userId, username) => signInitData({ auth_date: String(Math.floor(now() / 1000)), query_id: "AAHdF6IQAAAAAN0XohDhrOrc", user: telegramUser(userId, username ? { username } : {}) }),
    async close() {
      hub.stop();
      await mining.stop();
      await worldCup.stop();
      await leagues.stop();
      await lottery.stop();
      await followed.idle();
      followed.stop();
      await game.stop();
      await tokens.stop();
      await leaderboards.stop();
      accounts.stop();
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
