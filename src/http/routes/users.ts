// /api/v1/users/me/*: profile, settings, payout address, API keys, sessions of the caller.
// Every lookup is scoped to the caller's id, so another user's resource answers 404.
import { Elysia, t } from "elysia";
import { createApiKey, listKeys, PERMISSIONS, revokeKey } from "../../auth/api-keys.ts";
import type { AuthCtx, Client } from "../../auth/context.ts";
import type { Guards, Principal } from "../../auth/guards.ts";
import { changeWallet, rateLimited } from "../../auth/wallet.ts";
import { audit } from "../../auth/audit.ts";
import { changeSettings, readSettings, updateProfile } from "../../users/profile.ts";
import { userView } from "../../users/view.ts";
import { ApiError } from "../errors.ts";
import { caller } from "../plugins/caller.ts";
import type { SessionView } from "../../../views/pages/account.ts";

export async function sessionsOf(ctx: AuthCtx, me: Principal): Promise<SessionView[]> {
  const current = me.jti ? await ctx.repos.auth.familyOfAccessJti(me.jti) : undefined;
  return (await ctx.repos.auth.listSessions(me.user.id, ctx.now())).map((s) => ({
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

export async function revokeSession(ctx: AuthCtx, me: Principal, id: string, client: Client): Promise<void> {
  const mine = (await ctx.repos.auth.listSessions(me.user.id, ctx.now())).some((s) => s.familyId === id);
  if (!mine) throw new ApiError(404, "NOT_FOUND", "Session not found");
  // Scoped to the owner in the statement too (userId), whatever happened since the check.
  ctx.denied.add(await ctx.repos.auth.revokeFamily(id, ctx.now(), "revoked_by_user", me.user.id));
  await audit(ctx, "session_revoked", me.user.id, client, { family: id });
}

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
  const limitKeys = (me: Principal, client: Client) => {
    const d = ctx.limiter.hit("apiKeys", { user: me.user.id, ip: client.ip });
    if (!d.ok) throw rateLimited(d.retryAfterS);
  };
  // API keys may read and write data (user), never mint more keys or manage sessions (session).
  return new Elysia({ name: "users", prefix: "/api/v1/users/me", detail: { tags: ["Users"] } })
    .use(caller(guards))
    .get("", ({ me }) => ({ user: userView(me.user) }), { user: true, detail: { summary: "Your profile" } })
    .patch(
      "",
      async ({ body, me, client }) => ({ user: userView(await updateProfile(ctx, me.user, body, client)) }),
      {
        user: true,
        body: t.Object({ display_name: t.Optional(t.Union([t.String({ maxLength: 64 }), t.Null()])), country_code: t.Optional(t.Union([t.String({ maxLength: 8 }), t.Null()])) }),
        detail: { summary: "Change display name or country" },
      },
    )
    .get("/settings", async ({ me }) => ({ settings: await readSettings(ctx, me.user.id) }), { user: true, detail: { summary: "Your notification, privacy and display settings" } })
    .patch(
      "/settings",
      async ({ body, me, client }) => ({ settings: await changeSettings(ctx, me.user, body, client) }),
      { user: true, body: SettingsBody, detail: { summary: "Change settings (only the fields sent)" } },
    )
    .patch(
      "/wallet",
      async ({ body, me, client }) => ({ user: userView(await changeWallet(ctx, me.user, { address: body.btc_address, nonce: body.nonce, signature: body.signature }, client)) }),
      {
        // Relinking the payout address redirects block rewards: a session signed in just now.
        session: "recent",
        body: t.Object({ btc_address: t.String({ maxLength: 100 }), nonce: t.String({ maxLength: 128 }), signature: t.String({ maxLength: 4096 }) }),
        detail: { summary: "Change the payout address: sign a challenge (POST /auth/challenge) with the new address" },
      },
    )
    .get(
      "/api-keys",
      async ({ me }) => ({ data: await listKeys(ctx, me.user.id) }),
      { session: true, detail: { summary: "Your API keys (prefixes only)" } },
    )
    .post(
      "/api-keys",
      async ({ body, me, client, set }) => {
        limitKeys(me, client);
        const { key, view } = await createApiKey(ctx, me.user, { name: body.name, permissions: body.permissions ?? ["read"], expiresInDays: body.expires_in_days }, client);
        set.status = 201;
        return { key, api_key: view };
      },
      {
        session: true,
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
      async ({ params, me, client }) => {
        limitKeys(me, client);
        await revokeKey(ctx, me.user.id, params.id, client);
        return { status: "revoked" as const };
      },
      { session: true, params: t.Object({ id: t.String({ maxLength: 64 }) }), detail: { summary: "Revoke one of your API keys" } },
    )
    .get("/sessions", async ({ me }) => ({ data: await sessionsOf(ctx, me) }), { session: true, detail: { summary: "Your signed-in sessions" } })
    .delete(
      "/sessions/:id",
      async ({ params, me, client }) => {
        await revokeSession(ctx, me, params.id, client);
        return { status: "revoked" as const };
      },
      { session: true, params: t.Object({ id: t.String({ maxLength: 64 }) }), detail: { summary: "Sign out one of your sessions" } },
    );
}
