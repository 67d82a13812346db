// /api/v1/admin/*: every route checks the admin role ({ admin: true }, guards.requireAdmin) before anything else.
import { Elysia, t } from "elysia";
import { markEmailVerified, setBanned, setRole } from "../../admin/admin.ts";
import { listBlockCandidates } from "../../admin/block-candidates.ts";
import { revokeAllSessions } from "../../admin/users.ts";
import type { AuthCtx } from "../../auth/context.ts";
import type { Guards } from "../../auth/guards.ts";
import { userView } from "../../users/view.ts";
import { caller } from "../plugins/caller.ts";

export function adminRoutes(ctx: AuthCtx, guards: Guards) {
  return new Elysia({ name: "admin", prefix: "/api/v1/admin", detail: { tags: ["Admin"] } })
    .use(caller(guards))
    .get(
      "/users",
      async ({ query }) => {
        const limit = Math.min(query.limit ?? 50, 200);
        const rows = await ctx.repos.users.listUsers({ limit: limit + 1, afterId: query.cursor, query: query.q });
        const page = rows.slice(0, limit);
        return { data: page.map(userView), pagination: { limit, has_more: rows.length > limit, next_cursor: rows.length > limit ? page[page.length - 1]!.id : null } };
      },
      {
        admin: true,
        query: t.Object({ limit: t.Optional(t.Integer({ minimum: 1, maximum: 200 })), cursor: t.Optional(t.Integer({ minimum: 0 })), q: t.Optional(t.String({ maxLength: 100 })) }),
        detail: { summary: "List users (search by email, address or name)" },
      },
    )
    .patch(
      "/users/:id",
      async ({ params, body, me, client }) => {
        let user = me.user;
        if (body.role !== undefined) user = await setRole(ctx, me.user, params.id, body.role, client);
        if (body.is_banned !== undefined) user = await setBanned(ctx, me.user, params.id, body.is_banned, client);
        if (body.email_verified === true) user = await markEmailVerified(ctx, me.user, params.id, client);
        return { user: userView(user) };
      },
      {
        admin: true,
        params: t.Object({ id: t.Integer({ minimum: 1 }) }),
        body: t.Object({ role: t.Optional(t.Union([t.Literal("user"), t.Literal("admin")])), is_banned: t.Optional(t.Boolean()), email_verified: t.Optional(t.Literal(true)) }),
        detail: { summary: "Change a user's role, ban state, or mark their email verified" },
      },
    )
    .post(
      "/users/:id/sessions/revoke",
      async ({ params, me, client }) => ({ revoked_sessions: await revokeAllSessions(ctx, me.user, params.id, client) }),
      { admin: true, params: t.Object({ id: t.Integer({ minimum: 1 }) }), detail: { summary: "End every session of a user (audited)" } },
    )
    .get(
      "/verifications/pending",
      async () => ({
        data: (await ctx.repos.users.listPendingVerifications(200)).map((p) => ({
          user_id: p.userId,
          email: p.email,
          display_name: p.displayName,
          created_at: new Date(p.createdAt).toISOString(),
          last_sent_at: p.lastSentAt ? new Date(p.lastSentAt).toISOString() : null,
        })),
      }),
      { admin: true, detail: { summary: "Accounts whose email is not verified yet (mail may be going to the log)" } },
    )
    .get(
      "/audit",
      async ({ query }) => {
        const rows = await ctx.repos.auth.listAudit({ limit: Math.min(query.limit ?? 100, 500), userId: query.user_id, involving: query.about_user_id, action: query.action, beforeId: query.before });
        return { data: rows.map((r) => ({ id: r.id, user_id: r.userId, action: r.action, ip_address: r.ipAddress, user_agent: r.userAgent, metadata: r.metadata ? JSON.parse(r.metadata) : null, created_at: new Date(r.createdAt).toISOString() })) };
      },
      {
        admin: true,
        query: t.Object({ limit: t.Optional(t.Integer({ minimum: 1, maximum: 500 })), user_id: t.Optional(t.Integer()), about_user_id: t.Optional(t.Integer()), action: t.Optional(t.String({ maxLength: 64 })), before: t.Optional(t.Integer()) }),
        detail: { summary: "Security and admin events, newest first; user_id: done by that user; about_user_id: by them or done to them by an admin" },
      },
    )
    .get(
      "/blocks/candidates",
      () => {
        const { candidates, problems } = listBlockCandidates(ctx.config.dataDir);
        return {
          data: candidates.map((c) => ({
            hash: c.hash,
            height: c.height,
            state: c.state,
            reason: c.reason,
            address: c.address,
            worker: c.worker,
            reward_sats: c.rewardSats,
            found_at: new Date(c.foundAt).toISOString(),
            updated_at: new Date(c.updatedAt).toISOString(),
            unanswered_submits: c.unanswered,
            size_bytes: c.sizeBytes,
            file: c.file,
          })),
          problems,
        };
      },
      { admin: true, detail: { summary: "Blocks the pool solved, from its journal: pending (no verdict from the node yet), accepted, rejected or stale" } },
    );
}
