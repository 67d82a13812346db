// /api/v1/auth/* (seed 003 §6 "Authentication", seed 000 POST /auth/telegram): turns requests
// into calls of src/auth and results into JSON. Tokens go in the body; the API sets no cookies.
import { Elysia, t } from "elysia";
import type { AuthCtx } from "../../auth/context.ts";
import { changePassword, forgotPassword, login, register, resendVerification, resetPassword, verifyEmail } from "../../auth/email-account.ts";
import type { Guards } from "../../auth/guards.ts";
import { refreshSession, revokeByAccessJti, revokeByRefreshToken } from "../../auth/sessions.ts";
import { linkTelegram, telegramSignIn } from "../../auth/telegram.ts";
import { issueChallenge, rateLimited, walletSignIn } from "../../auth/wallet.ts";
import { userView } from "../../users/view.ts";
import { ApiError } from "../errors.ts";
import { caller } from "../plugins/caller.ts";

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
    .use(caller(guards))
    .post("/challenge", ({ body, client }) => issueChallenge(ctx, body.btc_address, client), {
      body: t.Object({ btc_address: Address }),
      detail: { summary: "Get a message to sign with your wallet (single use, 5 minutes)" },
    })
    .post("/verify", ({ body, client }) => walletSignIn(ctx, { address: body.btc_address, nonce: body.nonce, signature: body.signature }, client), {
      body: t.Object({ btc_address: Address, nonce: t.String({ minLength: 1, maxLength: 128 }), signature: t.String({ minLength: 1, maxLength: 4096 }) }),
      detail: { summary: "Sign in with the signed challenge (BIP-137, Electrum-style segwit, BIP-322 simple)" },
    })
    .post(
      "/register",
      async ({ body, request, client, set }) => {
        const pair = await register(ctx, body, client, linkBase(ctx, request));
        set.status = 201;
        return pair;
      },
      {
        body: t.Object({ email: t.String({ maxLength: 254 }), password: Password, btc_address: Address, display_name: t.Optional(t.String({ maxLength: 64 })) }),
        detail: { summary: "Create an account with email and password (a verification mail is sent)" },
      },
    )
    .post("/login", ({ body, client }) => login(ctx, body, client), {
      body: t.Object({ email: t.String({ maxLength: 254 }), password: Password }),
      detail: { summary: "Sign in with email and password (locked 15 minutes after 10 failures)" },
    })
    .post("/telegram", ({ body, request, client }) => telegramSignIn(ctx, initDataOf(request, body), client), {
      body: t.Optional(t.Object({ init_data: t.Optional(t.String({ maxLength: 16384 })) })),
      detail: { summary: "Sign in from the Telegram Mini App with Telegram.WebApp.initData" },
    })
    .post(
      "/telegram/link",
      async ({ body, me, client }) => ({ user: userView(await linkTelegram(ctx, me.user, body.init_data, client)) }),
      // Adds a way to sign in to this account: as sensitive as setting a password.
      { session: "recent", body: t.Object({ init_data: t.String({ maxLength: 16384 }) }), detail: { summary: "Link your Telegram account to the signed-in account" } },
    )
    .post(
      "/refresh",
      ({ body, client }) => {
        const d = ctx.limiter.hit("refresh", { ip: client.ip });
        if (!d.ok) throw rateLimited(d.retryAfterS);
        return refreshSession(ctx, body.refresh_token, client);
      },
      { body: t.Object({ refresh_token: t.String({ minLength: 1, maxLength: 256 }) }), detail: { summary: "Exchange a refresh token for new tokens (the old one stops working)" } },
    )
    .post(
      "/revoke",
      async ({ body, client }) => {
        await revokeByRefreshToken(ctx, body.refresh_token, client);
        return { status: "revoked" as const };
      },
      { body: t.Object({ refresh_token: t.String({ minLength: 1, maxLength: 256 }) }), detail: { summary: "Revoke a refresh token and its session" } },
    )
    .post(
      "/logout",
      async ({ me }) => {
        if (me.jti) await revokeByAccessJti(ctx, me.jti, me.user.id);
        if (me.jti) ctx.denied.add([me.jti]);
        return { status: "logged_out" as const };
      },
      { user: true, detail: { summary: "Sign out the session of this access token" } },
    )
    .get("/me", ({ me }) => ({ user: userView(me.user) }), { user: true, detail: { summary: "The signed-in user" } })
    .get("/jwks", () => ctx.keys.jwks(), { detail: { summary: "Public keys that verify access tokens (by kid)" } })
    .post(
      "/verify-email",
      async ({ body, client }) => {
        await verifyEmail(ctx, body.token, client);
        return { status: "verified" as const };
      },
      { body: t.Object({ token: t.String({ minLength: 1, maxLength: 256 }) }), detail: { summary: "Confirm an email address with the token from the mail" } },
    )
    .post(
      "/resend-verification",
      async ({ request, me }) => {
        await resendVerification(ctx, me.user, linkBase(ctx, request));
        return { status: "sent" as const };
      },
      { session: true, detail: { summary: "Send the verification mail again (5 per hour per address)" } },
    )
    .post(
      "/forgot-password",
      async ({ body, request, client }) => {
        await forgotPassword(ctx, body.email, client, linkBase(ctx, request));
        return { status: "ok" as const };
      },
      { body: t.Object({ email: t.String({ maxLength: 254 }) }), detail: { summary: "Mail a reset link; answers the same whether or not the account exists" } },
    )
    .post(
      "/reset-password",
      async ({ body, client }) => {
        await resetPassword(ctx, body, client);
        return { status: "password_reset" as const };
      },
      { body: t.Object({ token: t.String({ minLength: 1, maxLength: 256 }), new_password: Password }), detail: { summary: "Set a new password with the mailed token; signs out every session" } },
    )
    .post(
      "/change-password",
      async ({ body, me, client }) => {
        await changePassword(ctx, me.user, body, me.jti, client);
        return { status: "password_changed" as const };
      },
      { session: "recent", body: t.Object({ current_password: t.Optional(Password), new_password: Password }), detail: { summary: "Change the password; other sessions are signed out" } },
    );
}
