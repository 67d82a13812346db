// /api/v1/auth/* (seed 003 §6 "Authentication", seed 000 POST /auth/telegram): turns requests
// into calls of src/auth and results into JSON. Tokens go in the body; the API sets no cookies.
import { Elysia, t } from "elysia";
import type { AuthCtx } from "../../auth/context.ts";
import { changePassword, forgotPassword, login, register, resendVerification, resetPassword, verifyEmail } from "../../auth/email-account.ts";
import type { Guards } from "../../auth/guards.ts";
import { clientOf } from "../../auth/client-ip.ts";
import { refreshSession, revokeByRefreshToken } from "../../auth/sessions.ts";
import { linkTelegram, telegramSignIn } from "../../auth/telegram.ts";
import { issueChallenge, rateLimited, walletSignIn } from "../../auth/wallet.ts";
import { familyOfAccessJti, revokeFamily } from "../../db/auth.ts";
import { userView } from "../../users/view.ts";
import { ApiError } from "../errors.ts";

type Server = { requestIP(r: Request): { address: string } | null } | null;

/**
 * Base of links in mails (verification, password reset). Never the request's Host on its own:
 * anyone can send `Host: evil.example` and have a reset token mailed to the victim inside a
 * link to their own site. TBG_PUBLIC_URL when set; else the Host only if the operator listed it
 * in TBG_ALLOWED_HOSTS; else the address the server listens on.
 */
export function linkBase(ctx: AuthCtx, request: Request): string {
  const http = ctx.config.http;
  if (http.publicUrl) return http.publicUrl;
  const host = (request.headers.get("host") ?? "").trim().toLowerCase();
  if (host && http.allowedHosts.includes(host)) return `${new URL(request.url).protocol}//${host}`;
  const wildcard = http.host === "" || http.host === "0.0.0.0" || http.host === "::" || http.host === "[::]";
  const name = wildcard ? "localhost" : http.host.includes(":") && !http.host.startsWith("[") ? `[${http.host}]` : http.host;
  return `http://${name}:${http.port}`;
}

/** initData from the body or the `Authorization: tma <initData>` convention. */
function initDataOf(request: Request, body: { init_data?: string } | null | undefined): string {
  const authz = request.headers.get("authorization");
  const fromHeader = authz && /^tma\s+/i.test(authz) ? authz.replace(/^tma\s+/i, "") : undefined;
  const v = body?.init_data ?? fromHeader;
  if (!v) throw new ApiError(422, "VALIDATION_ERROR", "init_data is required", [{ field: "init_data", message: "required" }]);
  return v;
}

const Address = t.String({ minLength: 14, maxLength: 100 });
const Password = t.String({ minLength: 1, maxLength: 256 });

export function authRoutes(ctx: AuthCtx, guards: Guards) {
  return new Elysia({ name: "auth", prefix: "/api/v1/auth", detail: { tags: ["Authentication"] } })
    .post("/challenge", ({ body, request, server }) => issueChallenge(ctx, body.btc_address, clientOf(request, server as Server)), {
      body: t.Object({ btc_address: Address }),
      detail: { summary: "Get a message to sign with your wallet (single use, 5 minutes)" },
    })
    .post("/verify", ({ body, request, server }) => walletSignIn(ctx, { address: body.btc_address, nonce: body.nonce, signature: body.signature }, clientOf(request, server as Server)), {
      body: t.Object({ btc_address: Address, nonce: t.String({ minLength: 1, maxLength: 128 }), signature: t.String({ minLength: 1, maxLength: 4096 }) }),
      detail: { summary: "Sign in with the signed challenge (BIP-137, Electrum-style segwit, BIP-322 simple)" },
    })
    .post(
      "/register",
      async ({ body, request, server, set }) => {
        const pair = await register(ctx, body, clientOf(request, server as Server), linkBase(ctx, request));
        set.status = 201;
        return pair;
      },
      {
        body: t.Object({ email: t.String({ maxLength: 254 }), password: Password, btc_address: Address, display_name: t.Optional(t.String({ maxLength: 64 })) }),
        detail: { summary: "Create an account with email and password (a verification mail is sent)" },
      },
    )
    .post("/login", ({ body, request, server }) => login(ctx, body, clientOf(request, server as Server)), {
      body: t.Object({ email: t.String({ maxLength: 254 }), password: Password }),
      detail: { summary: "Sign in with email and password (locked 15 minutes after 10 failures)" },
    })
    .post("/telegram", ({ body, request, server }) => telegramSignIn(ctx, initDataOf(request, body), clientOf(request, server as Server)), {
      body: t.Optional(t.Object({ init_data: t.Optional(t.String({ maxLength: 16384 })) })),
      detail: { summary: "Sign in from the Telegram Mini App with Telegram.WebApp.initData" },
    })
    .post(
      "/telegram/link",
      async ({ body, request, server }) => {
        // Adds a way to sign in to this account: as sensitive as setting a password.
        const me = await guards.requireSession(request, { recent: true });
        return { user: userView(await linkTelegram(ctx, me.user, body.init_data, clientOf(request, server as Server))) };
      },
      { body: t.Object({ init_data: t.String({ maxLength: 16384 }) }), detail: { summary: "Link your Telegram account to the signed-in account" } },
    )
    .post(
      "/refresh",
      ({ body, request, server }) => {
        const client = clientOf(request, server as Server);
        const d = ctx.limiter.hit("refresh", { ip: client.ip });
        if (!d.ok) throw rateLimited(d.retryAfterS);
        return refreshSession(ctx, body.refresh_token, client);
      },
      { body: t.Object({ refresh_token: t.String({ minLength: 1, maxLength: 256 }) }), detail: { summary: "Exchange a refresh token for new tokens (the old one stops working)" } },
    )
    .post(
      "/revoke",
      ({ body, request, server }) => {
        revokeByRefreshToken(ctx, body.refresh_token, clientOf(request, server as Server));
        return { status: "revoked" as const };
      },
      { body: t.Object({ refresh_token: t.String({ minLength: 1, maxLength: 256 }) }), detail: { summary: "Revoke a refresh token and its session" } },
    )
    .post(
      "/logout",
      async ({ request, server }) => {
        const me = await guards.requireUser(request);
        const family = me.jti ? familyOfAccessJti(ctx.db, me.jti) : undefined;
        if (family) ctx.denied.add(revokeFamily(ctx.db, family, ctx.now(), "logout", me.user.id));
        if (me.jti) ctx.denied.add([me.jti]);
        void server;
        return { status: "logged_out" as const };
      },
      { detail: { summary: "Sign out the session of this access token" } },
    )
    .get("/me", async ({ request }) => ({ user: userView((await guards.requireUser(request)).user) }), { detail: { summary: "The signed-in user" } })
    .get("/jwks", () => ctx.keys.jwks(), { detail: { summary: "Public keys that verify access tokens (by kid)" } })
    .post(
      "/verify-email",
      ({ body, request, server }) => {
        verifyEmail(ctx, body.token, clientOf(request, server as Server));
        return { status: "verified" as const };
      },
      { body: t.Object({ token: t.String({ minLength: 1, maxLength: 256 }) }), detail: { summary: "Confirm an email address with the token from the mail" } },
    )
    .post(
      "/resend-verification",
      async ({ request }) => {
        const me = await guards.requireSession(request);
        await resendVerification(ctx, me.user, linkBase(ctx, request));
        return { status: "sent" as const };
      },
      { detail: { summary: "Send the verification mail again (5 per hour per address)" } },
    )
    .post(
      "/forgot-password",
      async ({ body, request, server }) => {
        await forgotPassword(ctx, body.email, clientOf(request, server as Server), linkBase(ctx, request));
        return { status: "ok" as const };
      },
      { body: t.Object({ email: t.String({ maxLength: 254 }) }), detail: { summary: "Mail a reset link; answers the same whether or not the account exists" } },
    )
    .post(
      "/reset-password",
      async ({ body, request, server }) => {
        await resetPassword(ctx, body, clientOf(request, server as Server));
        return { status: "password_reset" as const };
      },
      { body: t.Object({ token: t.String({ minLength: 1, maxLength: 256 }), new_password: Password }), detail: { summary: "Set a new password with the mailed token; signs out every session" } },
    )
    .post(
      "/change-password",
      async ({ body, request, server }) => {
        const me = await guards.requireSession(request, { recent: true });
        await changePassword(ctx, me.user, body, me.jti, clientOf(request, server as Server));
        return { status: "password_changed" as const };
      },
      { body: t.Object({ current_password: t.Optional(Password), new_password: Password }), detail: { summary: "Change the password; other sessions are signed out" } },
    );
}
