// The token economy, assembled: the wallet (through the ledger only), server-authoritative tap
// mining with its proof-of-work anchor; daily rewards (daily-rewards.ts) and characters (shop.ts)
// are wired in here. Services take plain arguments and throw AppError; src/http maps them. Time
// comes from the injected clock.
import { randomInt } from "node:crypto";
import { conflict, rateLimited } from "../core/errors.ts";
import { dayStart, utcDay, type Clock } from "../core/time.ts";
import type { Repos, TapStateRow, TokenTxRow, WalletRow } from "../db/repos.ts";
import { createEventBus, type EventSource } from "../events.ts";
import type { Unlock } from "./unlocks.ts";
import { unlocksOf } from "./unlocks.ts";
import type { Logger } from "../log.ts";
import type { MiningEventMap } from "../mining/committed.ts";
import { CHARACTERS } from "./characters.ts";
import { createCharacterShop, type OwnedCharacter } from "./shop.ts";
import { createDailyRewards, type DailyStatus } from "./daily-rewards.ts";
import { apply, type TxType, type WalletChanged } from "./ledger.ts";
import { TokenLimiter } from "./limits.ts";
import { createStaking, type Staking } from "./staking.ts";
import { createReferrals, type Referrals } from "./referrals.ts";
import { createProgress, type Progress } from "./progress.ts";
import { createAirdrops, type Airdrops } from "./airdrops.ts";
import { createTokenBoards, type TokenBoards } from "./leaderboards.ts";
import { periodKeys } from "./activity.ts";
import { isSuspended, RISK, riskAt } from "./risk.ts";
import { countedDiff, creditShares, type PowTier } from "./pow.ts";
import { boostsToday, comboBp, comboSteps, energyAt, freshTapState, levelBonusBp, TAP, turboActive, batchReward } from "./tap.ts";
import { judgeTap, tapContext, TapReplay, type TapRequest } from "./tap-judge.ts";
import { applyTapGroup, freshBase, suspendedError, TapQueue, type Applied as GroupApplied } from "./tap-group.ts";
import type { LeaderOnly } from "../jobs/schedule.ts";

export interface TokensDeps {
  repos: Repos;
  log: Logger;
  now?: Clock;
  /** Wraps the hourly staking job so only the leader runs it; runs always when absent. */
  leaderOnly?: LeaderOnly;
  /** Critical-hit roll: true with probability TAP.critChanceBp / 10,000. Tests may fix it. */
  rollCrit?: () => boolean;
  /** Tap groups that may run at once (default 1 on SQLite, whose writes are serial; 2 on PostgreSQL: 1, 2, 4 and 8 measured, 2 best). */
  tapLanes?: number;
}

/** What the tokens service announces after a commit (the WebSocket hub pushes them to the player). */
export interface TokensEventMap {
  /** The balance changed: `change` is the entry's signed amount, `type` its ledger type. */
  "tokens.wallet_update": { userId: number; balance: number; change: number; type: TxType; at: number };
  /** Tokens mined: a tap batch's reward or a proof-of-work claim. */
  "tokens.mining_reward": { userId: number; amount: number; source: "tap" | "pow"; taps: number; crits: number; at: number };
  "tokens.achievement_unlocked": { userId: number; slug: string; name: string; tier: number; tierName: string | null; reward: number; secret: boolean; at: number };
  "tokens.quest_completed": { userId: number; slug: string; name: string; reward: number; period: string; at: number };
  /** An airdrop distribution paid this player (the game's notification centre tells them). */
  "tokens.airdrop_received": { userId: number; airdropId: number; name: string; method: string; amount: number; at: number };
}

export interface TapStatus {
  energy: number;
  maxEnergy: number;
  regenPerS: number;
  comboTaps: number;
  comboSteps: number;
  comboBp: number;
  comboLive: boolean;
  turboUntil: number | null;
  refillsLeft: number;
  turbosLeft: number;
  /** What one ordinary tap pays now (base units, before combo, crit and turbo). */
  tapUnits: number;
  pow: { tier: PowTier | null; countedDiff: number; pending: number; earned: number; diffTotal: number };
  character: { slug: string; name: string; level: number; rateBp: number; glyph: string } | null;
  balance: number;
  at: number;
}

export interface TapResult {
  accepted: number;
  requested: number;
  crits: number;
  reward: number;
  clampedByEnergy: number;
  clampedByRate: number;
  duplicate: boolean;
  status: TapStatus;
  /** Quests and achievement tiers this batch completed (announced as events too). */
  unlocks: Unlock[];
}

export interface Tokens {
  /** The clock every rule here uses (responses that show times use it too). */
  now: Clock;
  /** Wallet changes, mining rewards, quests completed and achievements unlocked, after their commit. */
  events: EventSource<TokensEventMap>;
  staking: Staking;
  referrals: Referrals;
  /** Quests and achievements. */
  progress: Progress;
  airdrops: Airdrops;
  boards: TokenBoards;
  /**
   * Credits accepted share difficulty the pool stored but the tokens step never saw (a crash
   * between the mining commit and the credit), from the watermark day on; idempotent.
   */
  catchUp(): Promise<{ users: number; credited: number }>;
  /** Starts the hourly staking accrual. */
  start(): void;
  attach(events: EventSource<MiningEventMap>): void;
  idle(): Promise<void>;
  stop(): Promise<void>;
  wallet(userId: number): Promise<Pick<WalletRow, "balance" | "totalEarned" | "totalSpent" | "stakedAmount">>;
  transactions(userId: number, opts: { limit: number; beforeId?: number; type?: TxType }): Promise<TokenTxRow[]>;
  status(userId: number): Promise<TapStatus>;
  tap(userId: number, req: { count: number; clientTime: number; batchId?: string }): Promise<TapResult>;
  boost(userId: number, kind: "refill" | "turbo"): Promise<TapStatus>;
  /** Pays the proof-of-work reward waiting for the player (one MINING entry). */
  claimMining(userId: number): Promise<{ claimed: number; balance: number; txId: number }>;
  stats(userId: number): Promise<{ tapsTotal: number; tapEarned: number; crits: number; powEarned: number; powPending: number; powDiffTotal: number; totalEarned: number; totalSpent: number }>;
  dailyStatus(userId: number): Promise<DailyStatus>;
  /** Players whose risk score is above the seed's flag threshold (30), highest first, for admins. */
  risky(limit: number): Promise<{ userId: number; score: number; signal: string | null; suspendedUntil: number | null; tapsTotal: number }[]>;
  claimDaily(userId: number): Promise<{ reward: number; streak: number; multiplierBp: number; nextReward: number; balance: number; txId: number }>;
  characters(userId: number): Promise<OwnedCharacter[]>;
  purchase(userId: number, slug: string): Promise<OwnedCharacter>;
  upgrade(userId: number, characterId: number, levels: number): Promise<OwnedCharacter>;
  equip(userId: number, characterId: number): Promise<OwnedCharacter>;
}

const BP = 10_000;

/** game_progress key: start of the UTC day from which the proof-of-work catch-up re-checks (unix ms). */
export const POW_WATERMARK_KEY = "tokens_pow_from";

export function createTokens(deps: TokensDeps): Tokens {
  const { repos } = deps;
  const now = deps.now ?? Date.now;
  const log = deps.log.child("tokens");
  const rollCrit = deps.rollCrit ?? (() => randomInt(BP) < TAP.critChanceBp);
  const limiter = new TokenLimiter(now);
  const bus = createEventBus<TokensEventMap>();
  const announce = (userId: number, unlocks: Unlock[], at: number) => {
    for (const u of unlocks) {
      if (u.kind === "quest") bus.publish("tokens.quest_completed", { userId, slug: u.slug, name: u.name, reward: u.reward, period: u.period, at });
      else bus.publish("tokens.achievement_unlocked", { userId, slug: u.slug, name: u.name, tier: u.tier, tierName: u.tierName, reward: u.reward, secret: u.secret, at });
    }
  };
  /** After a committed ledger entry: the new balance, and what the entry completed. */
  const walletChanged: WalletChanged = (userId, r, change, type, at) => {
    bus.publish("tokens.wallet_update", { userId, balance: r.balance, change, type, at });
    if (r.unlocks) announce(userId, r.unlocks, at);
  };
  let chain: Promise<unknown> = Promise.resolve();
  const offs: (() => void)[] = [];

  const enqueue = <T>(fn: () => Promise<T>): Promise<T> => {
    const p = chain.then(fn);
    chain = p.catch(() => {});
    return p;
  };

  /** The equipped character and the proof-of-work tier, as the tap rules need them. */
  const context = async (tx: Repos, userId: number, s: Pick<TapStateRow, "powDay" | "powDayDiff" | "powPrevDiff"> | undefined, at: number) =>
    tapContext((await tx.tokens.listCharacters(userId)).find((c) => c.isEquipped), s, at);

  /** The player's state row, locked; a new player starts with a full base bar (shares raise it later). */
  const lockState = (tx: Repos, userId: number, at: number) => tx.tokens.lockTapState(freshBase(userId, at));

  type Known = { ctx: Awaited<ReturnType<typeof context>>; balance?: number };
  /** What the player sees; `known` saves the queries a caller has already made. */
  const describe = async (tx: Repos, userId: number, s: TapStateRow, at: number, known?: Known): Promise<TapStatus> => {
    const { ctx, tier, equipped } = known?.ctx ?? (await context(tx, userId, s, at));
    const boosts = boostsToday(s, at);
    const live = s.lastTapAt !== null && at - s.lastTapAt <= TAP.comboWindowMs;
    return {
      energy: energyAt(s, ctx, at),
      maxEnergy: ctx.maxEnergy,
      regenPerS: ctx.regenPerS,
      comboTaps: live ? s.comboTaps : 0,
      comboSteps: live ? comboSteps(s.comboTaps) : 0,
      comboBp: live ? comboBp(s.comboTaps) : BP,
      comboLive: live,
      turboUntil: turboActive(s, at) ? s.turboUntil : null,
      refillsLeft: boosts.refillsLeft,
      turbosLeft: boosts.turbosLeft,
      tapUnits: batchReward({ taps: 1, crits: 0, rateBp: ctx.rateBp, level: ctx.level, comboTaps: 0, turbo: false, riskBp: BP }),
      pow: { tier, countedDiff: countedDiff(s, at), pending: s.powPending, earned: s.powEarned, diffTotal: s.powDiffTotal },
      character: equipped ? { slug: equipped.tpl.slug, name: equipped.tpl.name, level: equipped.row.level, rateBp: equipped.tpl.rateBp, glyph: equipped.tpl.glyph } : null,
      balance: known?.balance ?? (await tx.tokens.getWallet(userId))?.balance ?? 0,
      at,
    };
  };

  /** The answer to an applied batch (no query: the context and balance are known). */
  const answer = async (tx: Repos, userId: number, req: TapRequest, a: GroupApplied): Promise<TapResult> => {
    const { state, ...rest } = a.out;
    return { ...rest, requested: req.count, duplicate: false, unlocks: a.unlocks, status: await describe(tx, userId, state, a.at, { ctx: a.c, balance: a.balance }) };
  };

  /** One batch, inside `tx` (its own savepoint; the fallback when a group write failed). */
  const tapIn = async (tx: Repos, userId: number, req: TapRequest): Promise<TapResult> => {
    const at = now();
    const s = await lockState(tx, userId, at);
    if (isSuspended(s, at)) throw suspendedError(s);
    const c = await context(tx, userId, s, at);
    const { out, entry } = judgeTap(userId, s, req, c, at, rollCrit, log);
    await tx.tokens.putTapState(out.state);
    let balance: number | undefined;
    let unlocks: Unlock[] = [];
    if (entry) {
      const r = await apply(tx, entry);
      if (!r.applied) throw new TapReplay();
      balance = r.balance;
      unlocks = r.unlocks;
    }
    balance ??= (await tx.tokens.getWallet(userId))?.balance ?? 0;
    return answer(tx, userId, req, { state: out.state, out, c, balance, unlocks, at });
  };

  // Batches arriving together are applied as a group: one transaction, one statement per table
  // (tap-group.ts). SQLite serializes writes, so one group at a time; PostgreSQL runs two at
  // once, each on its own pooled connection.
  const taps = new TapQueue<TapResult>(repos, {
    lanes: deps.tapLanes ?? (repos.engine === "sqlite" ? 1 : 2),
    max: 256,
    log,
    group: async (tx, items) => {
      const at = now();
      const settled = await applyTapGroup(tx, items, at, rollCrit, log);
      return Promise.all(settled.map(async (r, i) => (r.ok ? { ok: true as const, v: await answer(tx, items[i]!.userId, items[i]!.req, r.v) } : r)));
    },
    single: (tx, it) => tapIn(tx, it.userId, it.req),
  });

  // Hourly interest moves the balance like any entry: the player's open pages hear wallet:update.
  const staking = createStaking({ repos, log, now, limiter, leaderOnly: deps.leaderOnly, onAccrued: (userId, r, at) => walletChanged(userId, r, r.paid, "STAKING_REWARD", at) });
  const referrals = createReferrals({ repos, log, now });
  const plainProgress = createProgress({ repos, now });
  // Claims announce the new balance once committed (the WebSocket hub pushes wallet:update).
  const progress: Progress = {
    ...plainProgress,
    claimQuest: async (userId, slug) => {
      const r = await plainProgress.claimQuest(userId, slug);
      walletChanged(userId, r, r.reward, "QUEST_REWARD", now());
      return r;
    },
    claimAchievement: async (userId, slug) => {
      const r = await plainProgress.claimAchievement(userId, slug);
      walletChanged(userId, r, r.reward, "ACHIEVEMENT_REWARD", now());
      return r;
    },
  };
  const plainAirdrops = createAirdrops({
    repos, log, now, progress,
    onDistributed: (drop, payouts, at) => {
      for (const p of payouts) {
        walletChanged(p.userId, p, p.amount, "AIRDROP", at);
        bus.publish("tokens.airdrop_received", { userId: p.userId, airdropId: drop.id, name: drop.name, method: drop.method, amount: p.amount, at });
      }
    },
  });
  const airdrops: Airdrops = {
    ...plainAirdrops,
    claim: async (userId, id) => {
      const r = await plainAirdrops.claim(userId, id);
      if (r.paid > 0) walletChanged(userId, r, r.paid, "AIRDROP", now());
      return r;
    },
  };
  const boards = createTokenBoards({ repos, now });

  /**
   * Credits what the pool stored for this player (one day, or every day since one) and the
   * tokens side has not credited yet: the stored sum minus pow_credits, under the player's tap
   * state lock. A batch event and the catch-up can both run for the same work; it pays once.
   * Returns the difficulty credited.
   */
  const creditOwed = async (userId: number, days: { day: string } | { sinceDay: string }): Promise<number> => {
    const at = now();
    let unlocks: Unlock[] = [];
    return repos.transaction(async (tx) => {
      let s = await lockState(tx, userId, at);
      let total = 0;
      for (const d of await tx.tokens.powOwed(userId, days)) {
        const owed = d.stored - d.credited;
        // Sums of floats added in another order differ in the last bits: that is not work.
        if (!(owed > 1e-9 * Math.max(1, d.stored))) continue;
        s = creditShares(s, d.day, owed, at).state;
        await tx.tokens.addPowCredit(userId, d.day, owed);
        total += owed;
      }
      if (total <= 0) return 0;
      await tx.tokens.putTapState(s);
      // Share quests and achievements count accepted difficulty (whole units).
      const shares = Math.floor(total);
      if (shares > 0) unlocks = unlocksOf(await tx.tokens.bumpActivity(userId, periodKeys(at), { shares }, {}, at), { shares }, at);
      return total;
    }).then((total) => {
      announce(userId, unlocks, at);
      return total;
    });
  };

  const shop = createCharacterShop({ repos, now, walletChanged });
  const daily = createDailyRewards({ repos, now, walletChanged });

  const tokensApi: Tokens = {
    now,
    events: bus,
    staking,
    referrals,
    progress,
    airdrops,
    boards,
    start: () => staking.start(),
    attach(events) {
      offs.push(
        events.on(
          "mining.batch_committed",
          (e) =>
            void enqueue(async () => {
              for (const u of e.users) {
                if (!(u.sumDiff > 0)) continue;
                try {
                  const user = await repos.users.findUserByAddress(u.address);
                  if (user) await creditOwed(user.id, { day: u.day });
                } catch (err) {
                  log.error("proof-of-work credit failed; the next start catches up", { address: u.address, err: String(err) });
                }
              }
            }),
          { name: "tokens:batch_committed", keep: () => true },
        ),
      );
    },
    catchUp: () =>
      enqueue(async () => {
        const startedAt = now();
        // The first start credits from today: work mined before the token game existed is not paid retroactively.
        const from = (await repos.game.getProgress(POW_WATERMARK_KEY)) ?? dayStart(startedAt);
        const sinceDay = utcDay(from);
        let credited = 0;
        const users = await repos.game.usersActiveSince(sinceDay);
        for (const userId of users) {
          try {
            credited += await creditOwed(userId, { sinceDay });
          } catch (err) {
            log.error("proof-of-work catch-up failed for a player; the next start tries again", { user: userId, err: String(err) });
            return { users: users.length, credited };
          }
        }
        await repos.game.setProgress(POW_WATERMARK_KEY, dayStart(startedAt));
        if (credited > 0) log.info("proof-of-work credit caught up from stored mining data", { since: sinceDay, users: users.length, credited });
        return { users: users.length, credited };
      }),
    idle: async () => {
      await chain;
    },
    async stop() {
      staking.stop();
      for (const off of offs) off();
      offs.length = 0;
      await chain;
    },

    async wallet(userId) {
      const w = await repos.tokens.getWallet(userId);
      return { balance: w?.balance ?? 0, totalEarned: w?.totalEarned ?? 0, totalSpent: w?.totalSpent ?? 0, stakedAmount: w?.stakedAmount ?? 0 };
    },
    transactions: (userId, opts) => repos.tokens.listTransactions({ userId, ...opts }),

    async status(userId) {
      // A new player who arrived with a friend's code is credited the first time they open the game.
      await referrals.settle(userId);
      const at = now();
      const s = await repos.tokens.getTapState(userId);
      if (s) return describe(repos, userId, s, at);
      const { ctx } = await context(repos, userId, undefined, at);
      return describe(repos, userId, freshTapState(userId, ctx, at), at);
    },

    async tap(userId, req) {
      const wait = limiter.hit("tap", userId);
      if (wait > 0) throw rateLimited(wait, "At most 10 tap batches a second", "TAP_RATE_LIMITED");
      try {
        const r = await taps.run({ userId, req });
        if (r.reward > 0) {
          const at = r.status.at;
          bus.publish("tokens.mining_reward", { userId, amount: r.reward, source: "tap", taps: r.accepted, crits: r.crits, at });
          bus.publish("tokens.wallet_update", { userId, balance: r.status.balance, change: r.reward, type: "MINING", at });
          announce(userId, r.unlocks, at);
        }
        return r;
      } catch (err) {
        if (!(err instanceof TapReplay)) throw err;
        // The same batch id again (a retry after a lost answer): it was paid once; nothing changes.
        return { accepted: 0, requested: req.count, crits: 0, reward: 0, clampedByEnergy: 0, clampedByRate: 0, duplicate: true, unlocks: [], status: await tokensApi.status(userId) };
      }
    },

    async boost(userId, kind) {
      const at = now();
      return repos.transaction(async (tx) => {
        const s = await lockState(tx, userId, at);
        const { ctx } = await context(tx, userId, s, at);
        const left = boostsToday(s, at);
        const today = utcDay(at);
        const base = s.boostDay === today ? s : { ...s, boostDay: today, refillsUsed: 0, turbosUsed: 0 };
        let next: TapStateRow;
        if (kind === "refill") {
          if (left.refillsLeft <= 0) throw conflict(`All ${TAP.refillsPerDay} refills of today are used; they come back at 00:00 UTC`, "NO_BOOSTS_LEFT");
          if (energyAt(s, ctx, at) >= ctx.maxEnergy) throw conflict("Energy is already full", "ENERGY_FULL");
          next = { ...base, energy: ctx.maxEnergy, energyAt: at, refillsUsed: base.refillsUsed + 1, updatedAt: at };
        } else {
          if (left.turbosLeft <= 0) throw conflict(`All ${TAP.turbosPerDay} turbos of today are used; they come back at 00:00 UTC`, "NO_BOOSTS_LEFT");
          if (turboActive(s, at)) throw conflict("Turbo is already running", "TURBO_ACTIVE");
          next = { ...base, turboUntil: at + TAP.turboMs, turbosUsed: base.turbosUsed + 1, updatedAt: at };
        }
        await tx.tokens.putTapState(next);
        return describe(tx, userId, next, at);
      });
    },

    async claimMining(userId) {
      const at = now();
      return repos.transaction(async (tx) => {
        const s = await lockState(tx, userId, at);
        if (s.powPending <= 0) throw conflict("Nothing to claim yet: rewards come from your accepted shares", "NOTHING_TO_CLAIM");
        // The key is the amount claimed before: two claims racing over the same pending reward share it.
        const r = await apply(tx, { userId, type: "MINING", amount: s.powPending, idemKey: `pow:${s.powEarned}`, description: "Proof-of-work reward", metadata: { source: "pow", diff_total: s.powDiffTotal }, at });
        if (!r.applied) throw conflict("Already claimed", "ALREADY_CLAIMED");
        await tx.tokens.putTapState({ ...s, powPending: 0, powEarned: s.powEarned + s.powPending, updatedAt: at });
        return { claimed: s.powPending, balance: r.balance, txId: r.id, unlocks: r.unlocks };
      }).then(({ unlocks, ...out }) => {
        bus.publish("tokens.mining_reward", { userId, amount: out.claimed, source: "pow", taps: 0, crits: 0, at });
        walletChanged(userId, { balance: out.balance, unlocks }, out.claimed, "MINING", at);
        return out;
      });
    },

    async stats(userId) {
      const [s, w] = await Promise.all([repos.tokens.getTapState(userId), tokensApi.wallet(userId)]);
      return {
        tapsTotal: s?.tapsTotal ?? 0, tapEarned: s?.tapEarned ?? 0, crits: s?.crits ?? 0, powEarned: s?.powEarned ?? 0, powPending: s?.powPending ?? 0, powDiffTotal: s?.powDiffTotal ?? 0,
        totalEarned: w.totalEarned, totalSpent: w.totalSpent,
      };
    },

    async risky(limit) {
      const at = now();
      const rows = await repos.tokens.riskyPlayers(RISK.flag, limit * 2);
      return rows
        .map((r) => ({ userId: r.userId, score: riskAt(r, at), signal: r.riskSignal, suspendedUntil: isSuspended(r, at) ? r.suspendedUntil : null, tapsTotal: r.tapsTotal }))
        .filter((r) => r.score > RISK.flag)
        .slice(0, limit);
    },

    dailyStatus: daily.status,
    claimDaily: daily.claim,
    characters: shop.characters,
    purchase: shop.purchase,
    upgrade: shop.upgrade,
    equip: shop.equip,
  };
  return tokensApi;
}

export { CHARACTERS, levelBonusBp };
export type { DailyStatus, OwnedCharacter };
