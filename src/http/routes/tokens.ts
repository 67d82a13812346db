// Seed 000's token endpoints at its paths: /api/v1/wallet*, /api/v1/mining/{tap,status,stats,
// claim} (+ boost; none collides with the pool's /api/v1/mining/* reads), /api/v1/daily-rewards/*
// and /api/v1/characters*. Every route is the signed-in caller's own ({ user: true }); responses
// follow this API's shapes, errors the seed-003 shape.
import { Elysia, t } from "elysia";
import type { Guards } from "../../auth/guards.ts";
import { CHARACTER_BY_SLUG, CHARACTERS } from "../../tokens/characters.ts";
import { TX_TYPES } from "../../tokens/ledger.ts";
import { parseUnits } from "../../core/money.ts";
import { EARLY_PENALTY_BP, interestDue, LOCK_PERIODS, MAX_STAKE, MIN_STAKE, PERIOD_NAMES, penaltyFor } from "../../tokens/staking.ts";
import { TOKEN_DECIMALS } from "../../tokens/units.ts";
import type { StakeRow } from "../../db/repos.ts";
import { RISK } from "../../tokens/risk.ts";
import { REFEREE_BONUS, REFERRAL_MILESTONES, REFERRER_BONUS } from "../../tokens/referrals.ts";
import type { Tokens } from "../../tokens/service.ts";
import { ApiError } from "../errors.ts";
import { caller } from "../plugins/caller.ts";
import { amount, DECIMALS, iso, ownedJson, statusJson, templateJson, txJson } from "./tokens-json.ts";

const slug = t.String({ pattern: "^[a-z0-9_]{1,64}$" });

export function walletRoutes(tokens: Tokens, guards: Guards) {
  return new Elysia({ name: "token-wallet", prefix: "/api/v1/wallet", detail: { tags: ["Wallet"] } })
    .use(caller(guards))
    .get(
      "",
      async ({ me }) => {
        const w = await tokens.wallet(me.user.id);
        return { balance: amount(w.balance), total_earned: amount(w.totalEarned), total_spent: amount(w.totalSpent), staked_amount: amount(w.stakedAmount), decimals: DECIMALS };
      },
      { user: true, detail: { summary: "The caller's token wallet (integer base units; 1 token = 1,000 units)" } },
    )
    .get("/balance", async ({ me }) => ({ balance: amount((await tokens.wallet(me.user.id)).balance), decimals: DECIMALS }), {
      user: true,
      detail: { summary: "The caller's spendable balance" },
    })
    .get(
      "/transactions",
      async ({ me, query }) => {
        const limit = query.limit ?? 50;
        const rows = await tokens.transactions(me.user.id, { limit: limit + 1, beforeId: query.cursor, type: query.type });
        const page = rows.slice(0, limit);
        return { data: page.map(txJson), pagination: { limit, has_more: rows.length > limit, next_cursor: rows.length > limit ? page[page.length - 1]!.id : null } };
      },
      {
        user: true,
        query: t.Object({
          limit: t.Optional(t.Integer({ minimum: 1, maximum: 200 })),
          cursor: t.Optional(t.Integer({ minimum: 1 })),
          type: t.Optional(t.UnionEnum([...TX_TYPES])),
        }),
        detail: { summary: "The caller's ledger, newest first (every balance change is one row)" },
      },
    )
    .post(
      "/stake",
      async ({ me, body }) => {
        let units: number;
        try {
          units = Number(parseUnits(body.amount, TOKEN_DECIMALS));
        } catch {
          throw new ApiError(422, "VALIDATION_ERROR", `amount must be a decimal number of tokens with at most ${TOKEN_DECIMALS} decimals`);
        }
        return stakeJson(await tokens.staking.stake(me.user.id, units, body.lock_period), tokens.now());
      },
      {
        user: true,
        body: t.Object({
          amount: t.String({ pattern: "^[0-9]{1,12}(\\.[0-9]{1,3})?$", description: "Tokens, as decimal text (\"150\", \"12.5\")" }),
          lock_period: t.UnionEnum([...PERIOD_NAMES]),
        }),
        detail: { summary: "Stake tokens for a lock period (5 a minute at most)" },
      },
    )
    .post(
      "/unstake",
      async ({ me, body }) => {
        const r = await tokens.staking.unstake(me.user.id, body.stake_id);
        return { stake: stakeJson(r.stake, tokens.now()), returned: amount(r.returned), penalty: amount(r.penalty), interest_paid_now: amount(r.interest) };
      },
      { user: true, body: t.Object({ stake_id: t.Integer({ minimum: 1 }) }), detail: { summary: "Withdraw a stake (a locked one before its end costs the early-withdrawal penalty)" } },
    )
    .get(
      "/staking-info",
      async ({ me }) => {
        const [list, w] = await Promise.all([tokens.staking.list(me.user.id), tokens.wallet(me.user.id)]);
        const at = tokens.now();
        return {
          staked_amount: amount(w.stakedAmount),
          minimum_stake: amount(MIN_STAKE),
          maximum_stake: amount(MAX_STAKE),
          early_withdrawal_penalty: EARLY_PENALTY_BP / 10_000,
          lock_periods: PERIOD_NAMES.map((p) => ({ id: p, days: LOCK_PERIODS[p].days, apy: LOCK_PERIODS[p].apyBp / 10_000 })),
          stakes: list.map((s) => stakeJson(s, at)),
        };
      },
      { user: true, detail: { summary: "Lock periods with their APY, limits, penalty, and the caller's stakes" } },
    );
}

function stakeJson(s: StakeRow, at: number) {
  return {
    id: s.id, lock_period: s.period, amount: amount(s.amount), apy: s.apyBp / 10_000, status: s.status, started_at: iso(s.startedAt), unlocks_at: iso(s.unlockAt),
    interest_paid: amount(s.paid), interest_unpaid: amount(s.status === "ACTIVE" ? Math.max(0, interestDue(s, at) - s.paid) : 0),
    early_withdrawal_penalty_now: amount(s.status === "ACTIVE" ? penaltyFor(s, at) : 0), penalty_paid: amount(s.penalty), closed_at: iso(s.closedAt),
  };
}

export function tapRoutes(tokens: Tokens, guards: Guards) {
  return new Elysia({ name: "token-tap", prefix: "/api/v1/mining", detail: { tags: ["Tap mining"] } })
    .use(caller(guards))
    .post(
      "/tap",
      async ({ me, body }) => {
        const r = await tokens.tap(me.user.id, { count: body.count, clientTime: body.client_time, batchId: body.batch_id });
        return {
          accepted: r.accepted, requested: r.requested, crits: r.crits, reward: amount(r.reward), duplicate: r.duplicate,
          clamped: { by_energy: r.clampedByEnergy, by_rate: r.clampedByRate }, client_time: body.client_time, status: statusJson(r.status),
          // Quests completed and achievement tiers reached by this batch (claim them on their pages).
          unlocked: r.unlocks.map((u) => (u.kind === "quest" ? { kind: "quest", id: u.slug, name: u.name } : { kind: "achievement", id: u.slug, name: u.name, tier: u.tier })),
        };
      },
      {
        user: true,
        body: t.Object({
          count: t.Integer({ minimum: 1, maximum: 1_000_000, description: "Taps seen since the last batch; the server clamps it to energy and a human tapping rate" }),
          client_time: t.Integer({ minimum: 0, description: "The client's clock (unix ms) when the batch was sent; echoed back, never trusted" }),
          batch_id: t.Optional(t.String({ pattern: "^[A-Za-z0-9_-]{8,64}$", description: "Idempotency key of this batch: a retry with the same id pays nothing twice" })),
        }),
        detail: { summary: "Send a batch of taps (about once a second); the server decides what they earn" },
      },
    )
    .get("/status", async ({ me }) => statusJson(await tokens.status(me.user.id)), { user: true, detail: { summary: "Energy, combo, boosts, proof-of-work tier and balance" } })
    .get(
      "/stats",
      async ({ me }) => {
        const s = await tokens.stats(me.user.id);
        return {
          taps_total: s.tapsTotal, tap_earned: amount(s.tapEarned), critical_hits: s.crits, proof_of_work: { claimed: amount(s.powEarned), pending: amount(s.powPending), difficulty_total: s.powDiffTotal },
          total_earned: amount(s.totalEarned), total_spent: amount(s.totalSpent),
        };
      },
      { user: true, detail: { summary: "The caller's tap and proof-of-work totals" } },
    )
    .post(
      "/claim",
      async ({ me }) => {
        const r = await tokens.claimMining(me.user.id);
        return { claimed: amount(r.claimed), balance: amount(r.balance), transaction_id: r.txId };
      },
      { user: true, detail: { summary: "Claim the MINING reward earned by your accepted shares (409 NOTHING_TO_CLAIM when none waits)" } },
    )
    .post("/boost", async ({ me, body }) => statusJson(await tokens.boost(me.user.id, body.type)), {
      user: true,
      body: t.Object({ type: t.UnionEnum(["refill", "turbo"]) }),
      detail: { summary: "Use a boost: a full-energy refill or turbo (taps ×3 for 20 s), 3 of each per UTC day" },
    });
}

export function dailyRoutes(tokens: Tokens, guards: Guards) {
  const statusOut = async (userId: number) => {
    const s = await tokens.dailyStatus(userId);
    return {
      streak: s.streak, can_claim: s.canClaim, claimed_today: s.claimedToday, next_streak: s.nextStreak, next_reward: amount(s.nextReward), next_multiplier: s.nextMultiplierBp / 10_000,
      last_claim_at: iso(s.lastClaimAt), next_claim_at: iso(s.nextClaimAt), grace_ends_at: iso(s.graceEndsAt), total_claimed: amount(s.totalClaimed),
      milestones: s.milestones.map((m) => ({ days: m.days, multiplier: m.bp / 10_000, reward: amount(m.reward) })),
    };
  };
  return new Elysia({ name: "token-daily", prefix: "/api/v1/daily-rewards", detail: { tags: ["Daily rewards"] } })
    .use(caller(guards))
    .get("/status", ({ me }) => statusOut(me.user.id), { user: true, detail: { summary: "Streak, whether today's reward is open, and the multiplier marks" } })
    .post(
      "/claim",
      async ({ me }) => {
        const r = await tokens.claimDaily(me.user.id);
        return { reward: amount(r.reward), streak: r.streak, multiplier: r.multiplierBp / 10_000, next_reward: amount(r.nextReward), balance: amount(r.balance), transaction_id: r.txId };
      },
      { user: true, detail: { summary: "Claim today's reward (once per UTC day; 409 ALREADY_CLAIMED after)" } },
    );
}

export function characterRoutes(tokens: Tokens, guards: Guards) {
  const id = t.Integer({ minimum: 1 });
  return new Elysia({ name: "token-characters", prefix: "/api/v1/characters", detail: { tags: ["Characters"] } })
    .use(caller(guards))
    .get("", () => ({ data: CHARACTERS.map(templateJson) }), { user: true, detail: { summary: "Every character template, COMMON to MYTHIC" } })
    .get("/user", async ({ me }) => ({ data: (await tokens.characters(me.user.id)).map(ownedJson) }), { user: true, detail: { summary: "The caller's characters" } })
    .get(
      "/:id",
      ({ params }) => {
        const tpl = CHARACTER_BY_SLUG.get(params.id);
        if (!tpl) throw new ApiError(404, "CHARACTER_NOT_FOUND", `No character "${params.id}"`);
        return templateJson(tpl);
      },
      { user: true, params: t.Object({ id: slug }), detail: { summary: "One character template" } },
    )
    .post("/purchase", async ({ me, body }) => ownedJson(await tokens.purchase(me.user.id, body.character_id)), {
      user: true,
      body: t.Object({ character_id: slug }),
      detail: { summary: "Buy a character (CHARACTER_PURCHASE); the first one is equipped at once" },
    })
    .post("/upgrade", async ({ me, body }) => ownedJson(await tokens.upgrade(me.user.id, body.character_id, body.levels ?? 1)), {
      user: true,
      body: t.Object({ character_id: id, levels: t.Optional(t.Integer({ minimum: 1, maximum: 10 })) }),
      detail: { summary: "Buy 1–10 levels for an owned character (CHARACTER_UPGRADE per level)" },
    })
    .put("/equip", async ({ me, body }) => ownedJson(await tokens.equip(me.user.id, body.character_id)), {
      user: true,
      body: t.Object({ character_id: id }),
      detail: { summary: "Equip one owned character (exactly one is equipped)" },
    });
}

export function tokenAdminRoutes(tokens: Tokens, guards: Guards) {
  return new Elysia({ name: "token-admin", prefix: "/api/v1/admin/tokens", detail: { tags: ["Admin"] } })
    .use(caller(guards))
    .get(
      "/risk",
      async ({ query }) => ({
        data: (await tokens.risky(query.limit ?? 50)).map((r) => ({ user_id: r.userId, risk_score: r.score, last_signal: r.signal, suspended_until: iso(r.suspendedUntil), taps_total: r.tapsTotal })),
        thresholds: { flag: RISK.flag, halve_rewards: RISK.halve, suspend_24h: RISK.suspend },
      }),
      { admin: true, query: t.Object({ limit: t.Optional(t.Integer({ minimum: 1, maximum: 200 })) }), detail: { summary: "Tap players flagged by anti-cheat (risk score above 30), highest first" } },
    );
}

export function referralRoutes(tokens: Tokens, guards: Guards) {
  return new Elysia({ name: "token-referrals", prefix: "/api/v1/users", detail: { tags: ["Referrals"] } })
    .use(caller(guards))
    .get(
      "/referral-code",
      async ({ me }) => {
        const code = await tokens.referrals.code(me.user.id);
        return { code, start_param: `ref_${code}`, referrer_bonus: amount(REFERRER_BONUS), friend_bonus: amount(REFEREE_BONUS) };
      },
      { user: true, detail: { summary: "The caller's referral code: friends open the Mini App with start parameter ref_<code>" } },
    )
    .get(
      "/referrals",
      async ({ me }) => {
        const r = await tokens.referrals.list(me.user.id);
        return {
          count: r.count, earned: amount(r.earned), next_milestone: r.next ? { friends: r.next.friends, bonus: amount(r.next.bonus) } : null,
          milestones: REFERRAL_MILESTONES.map((m) => ({ friends: m.friends, bonus: amount(m.bonus) })),
          data: r.rows.map((x) => ({ user: x.name ?? `Player #${x.refereeId}`, joined_at: iso(x.at), bonus: amount(x.bonus) })),
        };
      },
      { user: true, detail: { summary: "Friends who joined with the caller's code, the bonuses and the next milestone" } },
    );
}
