// /api/v1/users/me/*: profile, settings, payout address, API keys, sessions of the caller.
// Every lookup is scoped to the caller's id, so another user's resource answers 404.
import { Elysia, t } from "elysia";
import { apiKeyView, createApiKey, PERMISSIONS, revokeKey } from "../../auth/api-keys.ts";
import { clientOf } from "../../auth/client-ip.ts";
import type { AuthCtx } from "../../auth/context.ts";
import type { Guards, Principal } from "../../auth/guards.ts";
import { changeWallet, rateLimited } from "../../auth/wallet.ts";
import { familyOfAccessJti, listApiKeys, listSessions, revokeFamily } from "../../db/auth.ts";
import { audit } from "../../auth/audit.ts";
import { changeSettings, readSettings, updateProfile } from "../../users/profile.ts";
import { userView } from "../../users/view.ts";
import { ApiError } from "../errors.ts";
import type { SessionView } from "../../../views/pages/account.ts";

type Server = { requestIP(r: Request): { address: string } | null } | null;


export function sessionsOf(ctx: AuthCtx, me: Principal): SessionView[] {
  const current = me.jti ? familyOfAccessJti(ctx.db, me.jti) : undefined;
  return listSessions(ctx.db, me.user.id, ctx.now()).map((s) => ({
    id: s.familyId,
    method: s.method,
    started_at: new Date(s.startedAt).toISOString(),
    last_used_at: new Date(s.lastUsedAt).toISOString(),
    expires_at: new Date(s.expiresAt).toISOString(),
    ip_address: s.ipAddress,
    user_agent: s.userAgent,
    current: s.familyId === current,
  }));
}

export function revokeSession(ctx: AuthCtx, me: Principal, id: string, request: Request): void {
  const mine = listSessions(ctx.db, me.user.id, ctx.now()).some((s) => s.familyId === id);
  if (!mine) throw new ApiError(404, "NOT_FOUND", "Session not found");
  ctx.denied.add(revokeFamily(ctx.db, id, ctx.now(), "revoked_by_user", me.user.id));
  audit(ctx, "session_revoked", me.user.id, clientOf(request), { family: id });
}

/** API keys may read and write data, never mint more keys or manage sessions (guards.requireSession). */
const requireSession = (guards: Guards, request: Request): Promise<Principal> => guards.requireSession(request);

const SettingsBody = t.Partial(
  t.Object({
    notification_shares: t.Boolean(),
    notification_blocks: t.Boolean(),
    notification_badges: t.Boolean(),
    notification_streaks: t.Boolean(),
    notification_lottery: t.Boolean(),
    notification_email: t.Boolean(),
    sound_mode: t.Union([t.Literal("off"), t.Literal("subtle"), t.Literal("full")]),
    privacy_show_profile: t.Boolean(),
    privacy_show_hashrate: t.Boolean(),
    privacy_show_country: t.Boolean(),
    ui_mode: t.Union([t.Literal("full"), t.Literal("simple")]),
    timezone: t.String({ maxLength: 64 }),
  }),
);

export function usersRoutes(ctx: AuthCtx, guards: Guards) {
  const limitKeys = (me: Principal, request: Request, server: Server) => {
    const d = ctx.limiter.hit("apiKeys", { user: me.user.id, ip: clientOf(request, server).ip });
    if (!d.ok) throw rateLimited(d.retryAfterS);
  };
  return new Elysia({ name: "users", prefix: "/api/v1/users/me", detail: { tags: ["Users"] } })
    .get("", async ({ request }) => ({ user: userView((await guards.requireUser(request)).user) }), { detail: { summary: "Your profile" } })
    .patch(
      "",
      async ({ body, request, server }) => {
        const me = await guards.requireUser(request);
        return { user: userView(updateProfile(ctx, me.user, body, clientOf(request, server as Server))) };
      },
      {
        body: t.Object({ display_name: t.Optional(t.Union([t.String({ maxLength: 64 }), t.Null()])), country_code: t.Optional(t.Union([t.String({ maxLength: 8 }), t.Null()])) }),
        detail: { summary: "Change display name or country" },
      },
    )
    .get("/settings", async ({ request }) => ({ settings: readSettings(ctx, (await guards.requireUser(request)).user.id) }), { detail: { summary: "Your notification, privacy and display settings" } })
    .patch(
      "/settings",
      async ({ body, request, server }) => {
        const me = await guards.requireUser(request);
        return { settings: changeSettings(ctx, me.user, body, clientOf(request, server as Server)) };
      },
      { body: SettingsBody, detail: { summary: "Change settings (only the fields sent)" } },
    )
    .patch(
      "/wallet",
      async ({ body, request, server }) => {
        // Relinking the payout address redirects block rewards: a session signed in just now.
        const me = await guards.requireSession(request, { recent: true });
        return { user: userView(changeWallet(ctx, me.user, { address: body.btc_address, nonce: body.nonce, signature: body.signature }, clientOf(request, server as Server))) };
      },
      {
        body: t.Object({ btc_address: t.String({ maxLength: 100 }), nonce: t.String({ maxLength: 128 }), signature: t.String({ maxLength: 4096 }) }),
        detail: { summary: "Change the payout address: sign a challenge (POST /auth/challenge) with the new address" },
      },
    )
    .get(
      "/api-keys",
      async ({ request }) => {
        const me = await requireSession(guards, request);
        return { data: listApiKeys(ctx.db, me.user.id).map(apiKeyView) };
      },
      { detail: { summary: "Your API keys (prefixes only)" } },
    )
    .post(
      "/api-keys",
      async ({ body, request, server, set }) => {
        const me = await requireSession(guards, request);
        limitKeys(me, request, server as Server);
        const { key, view } = createApiKey(ctx, me.user, { name: body.name, permissions: body.permissions ?? ["read"], expiresInDays: body.expires_in_days }, clientOf(request, server as Server));
        set.status = 201;
        return { key, api_key: view };
      },
      {
        body: t.Object({
          name: t.String({ minLength: 1, maxLength: 64 }),
          permissions: t.Optional(t.Array(t.Union(PERMISSIONS.map((p) => t.Literal(p))), { maxItems: 3 })),
          expires_in_days: t.Optional(t.Integer({ minimum: 1, maximum: 3650 })),
        }),
        detail: { summary: "Create an API key; the key is shown only in this answer" },
      },
    )
    .delete(
      "/api-keys/:id",
      async ({ params, request, server }) => {
        const me = await requireSession(guards, request);
        limitKeys(me, request, server as Server);
        revokeKey(ctx, me.user.id, params.id, clientOf(request, server as Server));
        return { status: "revoked" as const };
      },
      { params: t.Object({ id: t.String({ maxLength: 64 }) }), detail: { summary: "Revoke one of your API keys" } },
    )
    .get("/sessions", async ({ request }) => ({ data: sessionsOf(ctx, await requireSession(guards, request)) }), { detail: { summary: "Your signed-in sessions" } })
    .delete(
      "/sessions/:id",
      async ({ params, request }) => {
        revokeSession(ctx, await requireSession(guards, request), params.id, request);
        return { status: "revoked" as const };
      },
      { params: t.Object({ id: t.String({ maxLength: 64 }) }), detail: { summary: "Sign out one of your sessions" } },
    );
}
