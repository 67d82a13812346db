// Seed 000's airdrop endpoints: /api/v1/airdrops (list, one, eligibility, claim) for signed-in
// players, and /api/v1/admin/airdrops (list, create, distribute) for admins.
import { Elysia, t } from "elysia";
import type { Guards } from "../../auth/guards.ts";
import { METHODS, type AirdropView } from "../../tokens/airdrops.ts";
import type { Tokens } from "../../tokens/service.ts";
import type { AirdropRow } from "../../db/repos.ts";
import { caller } from "../plugins/caller.ts";
import { amount, iso } from "./tokens-json.ts";

const requiredOf = (r: AirdropRow) => {
  try {
    return JSON.parse(r.requiredAchievements) as string[];
  } catch {
    return [];
  }
};

export const airdropRowJson = (r: AirdropRow) => ({
  id: r.id, name: r.name, description: r.description, distribution_method: r.method, total_amount: amount(r.totalAmount), max_participants: r.maxParticipants, winners: r.method === "LOTTERY" ? r.winners : null,
  eligibility_criteria: { min_account_age_days: r.minAccountAgeDays, min_transactions: r.minTransactions, min_level: r.minLevel, required_achievements: requiredOf(r) },
  starts_at: iso(r.startsAt), ends_at: iso(r.endsAt), status: r.status, participants: r.claimed, distributed_at: iso(r.distributedAt),
});

export const airdropJson = (v: AirdropView) => ({
  ...airdropRowJson(v.row), phase: v.phase, equal_share: v.equalShare === null ? null : amount(v.equalShare),
  my_claim: v.mine ? { status: v.mine.status, amount: amount(v.mine.amount), claimed_at: iso(v.mine.claimedAt), paid_at: iso(v.mine.paidAt) } : null,
  eligibility: v.eligibility
    ? { eligible: v.eligibility.eligible, checks: { account_age: v.eligibility.checks.accountAge, transactions: v.eligibility.checks.transactions, level: v.eligibility.checks.level, achievements: v.eligibility.checks.achievements } }
    : null,
});

const id = t.Object({ id: t.Integer({ minimum: 1 }) });

export function airdropRoutes(tokens: Tokens, guards: Guards) {
  return new Elysia({ name: "token-airdrops", prefix: "/api/v1/airdrops", detail: { tags: ["Airdrops"] } })
    .use(caller(guards))
    .get("", async ({ me }) => ({ data: (await tokens.airdrops.list(me.user.id)).map(airdropJson) }), { user: true, detail: { summary: "Airdrops, newest first, with the caller's claim and (for open ones) eligibility" } })
    .get(
      "/eligibility",
      async ({ me }) => ({
        data: (await tokens.airdrops.list(me.user.id))
          .filter((v) => v.eligibility !== null)
          .map((v) => ({ airdrop_id: v.row.id, name: v.row.name, is_eligible: v.eligibility!.eligible, claimed: v.mine !== null })),
      }),
      { user: true, detail: { summary: "The caller's eligibility for every open airdrop" } },
    )
    .get("/:id", async ({ me, params }) => airdropJson(await tokens.airdrops.get(me.user.id, params.id)), { user: true, params: id, detail: { summary: "One airdrop" } })
    .get(
      "/:id/eligibility",
      async ({ me, params }) => {
        const v = await tokens.airdrops.get(me.user.id, params.id);
        const e = v.eligibility!;
        return {
          is_eligible: e.eligible, checks: { account_age: e.checks.accountAge, transactions: e.checks.transactions, level: e.checks.level, achievements: e.checks.achievements },
          have: { account_age_days: e.have.accountAgeDays, transactions: e.have.transactions, level: e.have.level, achievements: e.have.achievements },
        };
      },
      { user: true, params: id, detail: { summary: "The caller's eligibility: account age, transactions, level, achievements" } },
    )
    .post(
      "/:id/claim",
      async ({ me, params }) => {
        const r = await tokens.airdrops.claim(me.user.id, params.id);
        return { airdrop: airdropJson(r.view), paid_now: amount(r.paid), balance: amount(r.balance) };
      },
      { user: true, params: id, detail: { summary: "Claim once: EQUAL pays now; PROPORTIONAL and LOTTERY pay at the distribution after the end (409 ALREADY_CLAIMED, AIRDROP_FULL; 403 NOT_ELIGIBLE)" } },
    );
}

export function airdropAdminRoutes(tokens: Tokens, guards: Guards) {
  return new Elysia({ name: "token-airdrops-admin", prefix: "/api/v1/admin/airdrops", detail: { tags: ["Admin"] } })
    .use(caller(guards))
    .get("", async () => ({ data: (await tokens.airdrops.adminList()).map(airdropRowJson) }), { admin: true, detail: { summary: "Every airdrop with its participants" } })
    .post(
      "",
      async ({ me, body, client }) =>
        airdropRowJson(
          await tokens.airdrops.create({ id: me.user.id, client }, {
            name: body.name, description: body.description ?? "", method: body.distribution_method, totalAmount: body.total_amount_units, maxParticipants: body.max_participants, winners: body.winners,
            minAccountAgeDays: body.min_account_age_days, minTransactions: body.min_transactions, minLevel: body.min_level, requiredAchievements: body.required_achievements,
            startsAt: Date.parse(body.starts_at), endsAt: Date.parse(body.ends_at),
          }),
        ),
      {
        admin: true,
        body: t.Object({
          name: t.String({ minLength: 1, maxLength: 100 }),
          description: t.Optional(t.String({ maxLength: 1000 })),
          distribution_method: t.UnionEnum([...METHODS]),
          total_amount_units: t.Integer({ minimum: 1, maximum: 1e15, description: "Base units (1 token = 1,000)" }),
          max_participants: t.Integer({ minimum: 1, maximum: 1_000_000 }),
          winners: t.Optional(t.Integer({ minimum: 1, maximum: 1_000_000, description: "LOTTERY only" })),
          min_account_age_days: t.Optional(t.Integer({ minimum: 0, maximum: 36_500 })),
          min_transactions: t.Optional(t.Integer({ minimum: 0, maximum: 1_000_000 })),
          min_level: t.Optional(t.Integer({ minimum: 0, maximum: 1_000 })),
          required_achievements: t.Optional(t.Array(t.String({ pattern: "^[a-z0-9_]{1,64}$" }), { maxItems: 20 })),
          starts_at: t.String({ format: "date-time" }),
          ends_at: t.String({ format: "date-time" }),
        }),
        detail: { summary: "Create an airdrop" },
      },
    )
    .post("/:id/distribute", async ({ me, params, client }) => {
      const r = await tokens.airdrops.distribute(params.id, { id: me.user.id, client });
      return { paid: amount(r.paid), recipients: r.recipients, undistributed: amount(r.undistributed) };
    }, { admin: true, params: id, detail: { summary: "Pay a PROPORTIONAL or LOTTERY airdrop after its end (closes an EQUAL one); 409 before the end or twice" } });
}
