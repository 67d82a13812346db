// /api/v1/social/*: cooperatives. Reading a coop and the leaderboard is open; everything that
// changes one takes a signed-in caller, and the rules (roles, one coop per user) are the
// domain's (src/social/coops.ts).
import { Elysia, t } from "elysia";
import type { Guards } from "../../auth/guards.ts";
import type { CoopDetail, Coops, CoopStats } from "../../social/coops.ts";
import type { CoopRow } from "../../db/repos.ts";
import { caller } from "../plugins/caller.ts";

const iso = (ms: number) => new Date(ms).toISOString();

const StatsJson = t.Object({
  members: t.Integer(), total_shares: t.Integer({ description: "Accepted shares of the current members, ever" }),
  hashrate: t.Number({ description: "Hashes per second over the last hour" }), blocks_found: t.Integer(),
});
const CoopJson = t.Object({
  id: t.Integer(), name: t.String(), description: t.Nullable(t.String()), country_code: t.Nullable(t.String()), join_mode: t.Union([t.Literal("open"), t.Literal("invite")]),
  founder_id: t.Integer(), created_at: t.String(), stats: StatsJson,
});
const DetailJson = t.Composite([
  CoopJson,
  t.Object({
    members: t.Array(t.Object({ user_id: t.Integer(), name: t.String(), display_name: t.Nullable(t.String()), role: t.String(), joined_at: t.String() })),
    my_role: t.Nullable(t.String()),
    invite_code: t.Nullable(t.String({ description: "Only for the coop's founder and admins" })),
  }),
]);

const statsJson = (s: CoopStats) => ({ members: s.members, total_shares: s.acceptedShares, hashrate: s.hashrate, blocks_found: s.blocks });
const coopJson = (c: CoopRow, s: CoopStats) => ({
  id: c.id, name: c.name, description: c.description, country_code: c.countryCode, join_mode: c.joinMode === "invite" ? ("invite" as const) : ("open" as const),
  founder_id: c.founderId, created_at: iso(c.createdAt), stats: statsJson(s),
});
const detailJson = (d: CoopDetail) => ({
  ...coopJson(d.coop, d.stats),
  // A member who hid their profile is named by the pool's alias only, here as on every board.
  members: d.members.map((m) => ({ user_id: m.userId, name: m.name, display_name: m.showProfile ? m.displayName : null, role: m.role, joined_at: iso(m.joinedAt) })),
  my_role: d.myRole, invite_code: d.inviteCode,
});

const joinMode = t.Union([t.Literal("open"), t.Literal("invite")]);
const inviteCode = t.String({ minLength: 6, maxLength: 32, pattern: "^[a-z0-9]+$" });
const userParam = t.Object({ userId: t.Integer({ minimum: 1 }) });

export function socialRoutes(coops: Coops, guards: Guards) {
  return new Elysia({ name: "social", prefix: "/api/v1/social", detail: { tags: ["Social"] } })
    .use(caller(guards))
    .get(
      "/coops",
      async ({ query }) => ({ coops: (await coops.leaderboard(query.limit ?? 50)).map((e) => ({ rank: e.rank, ...coopJson(e.coop, e.stats) })) }),
      {
        query: t.Object({ limit: t.Optional(t.Integer({ minimum: 1, maximum: 200 })) }),
        response: t.Object({ coops: t.Array(t.Composite([t.Object({ rank: t.Integer() }), CoopJson])) }),
        detail: { summary: "The coop leaderboard: by hashrate over the last hour, then total shares" },
      },
    )
    .post(
      "/coops",
      async ({ me, body, set }) => {
        const d = await coops.create(me.user.id, { name: body.name, description: body.description ?? null, joinMode: body.join_mode ?? "open", countryCode: body.country_code ?? null });
        set.status = 201;
        return detailJson(d);
      },
      {
        user: true,
        body: t.Object({
          name: t.String({ maxLength: 64, description: "3–24 letters, digits, '_', '-', '.'; unique ignoring case" }),
          description: t.Optional(t.Nullable(t.String({ maxLength: 280 }))),
          join_mode: t.Optional(joinMode),
          country_code: t.Optional(t.Nullable(t.String({ maxLength: 8 }))),
        }),
        response: { 201: DetailJson },
        detail: { summary: "Found a cooperative (you become its founder; earns coop_founder). One coop per user" },
      },
    )
    .get(
      "/coops/me",
      async ({ me }) => {
        const d = await coops.mine(me.user.id);
        return { coop: d ? detailJson(d) : null };
      },
      { user: true, response: t.Object({ coop: t.Nullable(DetailJson) }), detail: { summary: "The caller's coop (with the invite code for its founder and admins), or null" } },
    )
    .patch("/coops/me", async ({ me, body }) => detailJson(await coops.update(me.user.id, { ...(body.description !== undefined ? { description: body.description } : {}), ...(body.join_mode ? { joinMode: body.join_mode } : {}) })), {
      user: true,
      body: t.Object({ description: t.Optional(t.Nullable(t.String({ maxLength: 280 }))), join_mode: t.Optional(joinMode) }),
      response: DetailJson,
      detail: { summary: "Change the caller's coop (founder and admins)" },
    })
    .post("/coops/me/leave", async ({ me }) => await coops.leave(me.user.id), {
      user: true,
      response: t.Object({ dissolved: t.Boolean({ description: "The caller was the last member: the coop is gone" }) }),
      detail: { summary: "Leave the caller's coop (its founder must hand it over first unless alone)" },
    })
    .post(
      "/coops/me/invite-code",
      async ({ me }) => ({ invite_code: await coops.renewInvite(me.user.id) }),
      { user: true, response: t.Object({ invite_code: t.String() }), detail: { summary: "A new invite code; the old link stops working (founder and admins)" } },
    )
    .post(
      "/coops/me/handover",
      async ({ me, body }) => {
        await coops.handOver(me.user.id, body.user_id);
        return detailJson((await coops.mine(me.user.id))!);
      },
      { user: true, body: t.Object({ user_id: t.Integer({ minimum: 1 }) }), response: DetailJson, detail: { summary: "Make another member the founder (founder only); you become an admin" } },
    )
    .put(
      "/coops/me/members/:userId/role",
      async ({ me, params, body }) => {
        await coops.setRole(me.user.id, params.userId, body.role);
        return detailJson((await coops.mine(me.user.id))!);
      },
      {
        user: true, params: userParam, body: t.Object({ role: t.Union([t.Literal("admin"), t.Literal("member")]) }), response: DetailJson,
        detail: { summary: "Make a member an admin or an admin a member (founder only)" },
      },
    )
    .delete(
      "/coops/me/members/:userId",
      async ({ me, params }) => {
        await coops.remove(me.user.id, params.userId);
        return detailJson((await coops.mine(me.user.id))!);
      },
      { user: true, params: userParam, response: DetailJson, detail: { summary: "Remove a member (admins remove members; the founder also admins; nobody the founder)" } },
    )
    .post("/coops/join", async ({ me, body }) => detailJson(await coops.joinByCode(me.user.id, body.invite_code)), {
      user: true,
      body: t.Object({ invite_code: inviteCode }),
      response: DetailJson,
      detail: { summary: "Join a coop by its invite code (earns coop_member)" },
    })
    .get(
      "/coops/invite/:code",
      async ({ params }) => {
        const c = await coops.byInvite(params.code);
        return coopJson(c, (await coops.detail(c.id, null)).stats);
      },
      { params: t.Object({ code: inviteCode }), response: CoopJson, detail: { summary: "The coop an invite code leads to" } },
    )
    .get("/coops/:id", async ({ me, params }) => detailJson(await coops.detail(params.id, me?.user.id ?? null)), {
      optionalUser: true,
      params: t.Object({ id: t.Integer({ minimum: 1 }) }),
      response: DetailJson,
      detail: { summary: "One coop: its stats and members" },
    })
    .post("/coops/:id/join", async ({ me, params, body }) => detailJson(await coops.join(me.user.id, params.id, body?.invite_code ?? null)), {
      user: true,
      params: t.Object({ id: t.Integer({ minimum: 1 }) }),
      body: t.Optional(t.Object({ invite_code: t.Optional(inviteCode) })),
      response: DetailJson,
      detail: { summary: "Join a coop: open ones for anyone, invite-only ones with the code" },
    });
}
