// Staking (seed 000 §Staking Mechanism): tokens locked for a period earn interest (APY per
// period), paid every hour by a croner job as STAKING_REWARD entries; unstaking a locked stake
// before its end costs a penalty on the principal.
//
// Rounding rule: interest is computed for the whole life of a stake at once,
// floor(amount × APY × elapsed / year), and each accrual pays that minus what was already paid.
// So the total paid is never above the exact interest (no token is created by rounding) and
// never more than one base unit below it, however many hours it is paid over.
import { scheduleJob, type Job, type LeaderOnly } from "../jobs/schedule.ts";
import { AppError, conflict, rateLimited, validation } from "../core/errors.ts";
import { DAY_MS, type Clock } from "../core/time.ts";
import type { Repos, StakeRow } from "../db/repos.ts";
import type { Logger } from "../log.ts";
import { apply } from "./ledger.ts";
import type { Unlock } from "./unlocks.ts";
import type { TokenLimiter } from "./limits.ts";
import { tokens } from "./units.ts";

export const YEAR_MS = 365 * DAY_MS;
export const MIN_STAKE = tokens(100);
/** Per stake; a player may hold several. */
export const MAX_STAKE = tokens(1_000_000);
/** Of the principal, when a locked stake is withdrawn before it unlocks. */
export const EARLY_PENALTY_BP = 1_000;
export const ACCRUAL_CRON = "0 * * * *";

export const LOCK_PERIODS = {
  FLEXIBLE: { days: 0, apyBp: 300 },
  THIRTY_DAYS: { days: 30, apyBp: 800 },
  NINETY_DAYS: { days: 90, apyBp: 1_500 },
  ONE_EIGHTY_DAYS: { days: 180, apyBp: 2_500 },
} as const;
export type LockPeriod = keyof typeof LOCK_PERIODS;
export const PERIOD_NAMES = ["FLEXIBLE", "THIRTY_DAYS", "NINETY_DAYS", "ONE_EIGHTY_DAYS"] as const satisfies readonly LockPeriod[];

/** Interest earned by `at` over the stake's whole life (locked stakes stop earning when they unlock). */
export function interestDue(s: Pick<StakeRow, "amount" | "apyBp" | "startedAt" | "unlockAt">, at: number): number {
  const end = s.unlockAt === null ? at : Math.min(at, s.unlockAt);
  const elapsed = Math.max(0, end - s.startedAt);
  return Number((BigInt(s.amount) * BigInt(s.apyBp) * BigInt(elapsed)) / (10_000n * BigInt(YEAR_MS)));
}

export const penaltyFor = (s: Pick<StakeRow, "amount" | "unlockAt">, at: number) =>
  s.unlockAt !== null && at < s.unlockAt ? Math.floor((s.amount * EARLY_PENALTY_BP) / 10_000) : 0;

export interface Staking {
  stake(userId: number, amount: number, period: LockPeriod): Promise<StakeRow>;
  unstake(userId: number, stakeId: number): Promise<{ stake: StakeRow; returned: number; penalty: number; interest: number }>;
  list(userId: number): Promise<StakeRow[]>;
  /** Pays every active stake what it earned up to now; returns how many stakes were paid. */
  accrueAll(): Promise<{ stakes: number; paid: number }>;
  start(): void;
  stop(): void;
}

export interface StakingDeps {
  repos: Repos;
  log: Logger;
  now: Clock;
  limiter: TokenLimiter;
  leaderOnly?: LeaderOnly;
  /** After an hourly accrual's commit, per stake paid: the entry and the balance after it (the service announces wallet:update). */
  onAccrued?: (userId: number, r: { paid: number; balance: number; unlocks: Unlock[] }, at: number) => void;
}

export function createStaking(deps: StakingDeps): Staking {
  const { repos, now, limiter } = deps;
  const log = deps.log.child("staking");
  let job: Job | null = null;

  /** Pays what `s` earned up to `at` inside `tx`; returns the updated row and the units paid. */
  const accrue = async (tx: Repos, s: StakeRow, at: number) => {
    const due = interestDue(s, at);
    const pay = due - s.paid;
    if (pay <= 0) return { row: { ...s, accruedTo: at }, paid: 0, balance: 0, unlocks: [] as Unlock[] };
    // The key is the cumulative interest reached: a repeated accrual (two jobs, a retry) pays nothing twice.
    const r = await apply(tx, { userId: s.userId, type: "STAKING_REWARD", amount: pay, idemKey: `stake:${s.id}:${due}`, description: `Staking interest (${s.period.toLowerCase().replace(/_/g, " ")})`, metadata: { stake_id: s.id }, at });
    const row = { ...s, paid: due, accruedTo: at };
    await tx.tokens.putStake(row);
    // Not applied: another accrual paid this interest first (nothing to announce here).
    return { row, paid: r.applied ? pay : 0, balance: r.balance, unlocks: r.unlocks };
  };

  const staking: Staking = {
    async stake(userId, amount, period) {
      const wait = limiter.hit("stake", userId);
      if (wait > 0) throw rateLimited(wait, "At most 5 stakes a minute", "STAKE_RATE_LIMITED");
      if (!Number.isSafeInteger(amount) || amount < MIN_STAKE || amount > MAX_STAKE) throw validation(`A stake is between ${MIN_STAKE / 1000} and ${MAX_STAKE / 1000} tokens`, { min: MIN_STAKE, max: MAX_STAKE }, "STAKE_AMOUNT");
      const p = LOCK_PERIODS[period];
      const at = now();
      return repos.transaction(async (tx) => {
        const row = await tx.tokens.insertStake({ userId, period, amount, apyBp: p.apyBp, startedAt: at, unlockAt: p.days ? at + p.days * DAY_MS : null, paid: 0, accruedTo: at, status: "ACTIVE", closedAt: null, penalty: 0 });
        await apply(tx, { userId, type: "TRANSFER_OUT", amount: -amount, idemKey: `stake:${row.id}:in`, description: `Staked (${period.toLowerCase().replace(/_/g, " ")})`, metadata: { stake_id: row.id }, at });
        await tx.tokens.moveStake(userId, amount, at);
        return row;
      });
    },

    async unstake(userId, stakeId) {
      const at = now();
      return repos.transaction(async (tx) => {
        const s = await tx.tokens.lockStake(userId, stakeId);
        if (!s) throw new AppError("NOT_FOUND", "No such stake", { reason: "STAKE_NOT_FOUND" });
        if (s.status !== "ACTIVE") throw conflict("This stake is already withdrawn", "STAKE_CLOSED");
        const { row, paid } = await accrue(tx, s, at);
        const penalty = penaltyFor(s, at);
        await tx.tokens.moveStake(userId, -s.amount, at);
        await apply(tx, { userId, type: "TRANSFER_IN", amount: s.amount, idemKey: `stake:${s.id}:out`, description: "Unstaked", metadata: { stake_id: s.id }, at });
        if (penalty > 0) await apply(tx, { userId, type: "PENALTY", amount: -penalty, idemKey: `stake:${s.id}:penalty`, description: `Early withdrawal (${EARLY_PENALTY_BP / 100} % of the stake)`, metadata: { stake_id: s.id }, at });
        const closed = { ...row, status: "CLOSED", closedAt: at, penalty };
        await tx.tokens.putStake(closed);
        return { stake: closed, returned: s.amount - penalty, penalty, interest: paid };
      });
    },

    list: (userId) => repos.tokens.listStakes(userId, 100),

    async accrueAll() {
      const at = now();
      let after = 0;
      let count = 0;
      let total = 0;
      for (;;) {
        const page = await repos.tokens.activeStakes(after, 500);
        if (page.length === 0) break;
        for (const s of page) {
          after = s.id;
          try {
            const r = await repos.transaction(async (tx) => {
              const locked = await tx.tokens.lockStake(s.userId, s.id);
              return locked && locked.status === "ACTIVE" ? accrue(tx, locked, at) : null;
            });
            if (r && r.paid > 0) {
              count++;
              total += r.paid;
              deps.onAccrued?.(s.userId, r, at);
            }
          } catch (err) {
            log.error("staking accrual failed; the next hour pays it", { stake: s.id, err: String(err) });
          }
        }
      }
      return { stakes: count, paid: total };
    },

    start() {
      if (job) return;
      job = scheduleJob("staking-accrual", ACCRUAL_CRON, () => staking.accrueAll(), { log: deps.log, leaderOnly: deps.leaderOnly });
    },
    stop() {
      job?.stop();
      job = null;
    },
  };
  return staking;
}
