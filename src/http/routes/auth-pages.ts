// Sign-in pages: the same services as the JSON API, with the session kept in HttpOnly cookies
// (see src/auth/cookies.ts for why). Errors are rendered into the form that caused them.
import { Elysia } from "elysia";
import type { AuthCtx } from "../../auth/context.ts";
import { clearCookies, isSecure, REFRESH_COOKIE, sessionCookies } from "../../auth/cookies.ts";
import { forgotPassword, login, register, resetPassword, verifyEmail } from "../../auth/email-account.ts";
import { crossSiteRefused, readCookie, sameOrigin, type Guards } from "../../auth/guards.ts";
import { refreshSession, revokeByAccessJti, revokeByRefreshToken, type TokenPair } from "../../auth/sessions.ts";
import { telegramSignIn } from "../../auth/telegram.ts";
import { issueChallenge, walletSignIn } from "../../auth/wallet.ts";
import {
  challengeForm,
  errorLine,
  forgotPage,
  messagePage,
  passwordForm,
  registerForm,
  registerPage,
  resetForm,
  signInPage,
  verifyEmailPage,
  walletForm,
} from "../../../views/pages/auth.ts";
import { ApiError, httpFailure } from "../errors.ts";
import { htmlResponse, redirect, renderPage } from "../page.ts";
import { caller } from "../plugins/caller.ts";
import { linkBase } from "./auth.ts";

type Form = Record<string, unknown>;

export const field = (body: unknown, name: string, max = 4096): string => {
  const v = (body as Form | null)?.[name];
  return typeof v === "string" ? v.slice(0, max) : "";
};

/** Only local paths, so a crafted `next` cannot send the user to another site. */
export function safeNext(next: string | undefined | null): string {
  return next && /^\/(?!\/)[\w\-/.?=&%]*$/.test(next) ? next : "/account";
}

export function messageOf(e: unknown): string {
  const f = httpFailure(e);
  if (f) {
    const d = f.details as { retry_after?: number } | null;
    return d && typeof d.retry_after === "number" ? `${f.message} (retry in ${d.retry_after} s)` : f.message;
  }
  throw e;
}

function signedIn(ctx: AuthCtx, request: Request, pair: TokenPair, to = "/account"): Response {
  const res = redirect(request, to);
  for (const c of sessionCookies(pair, isSecure(request, ctx.config.http.publicUrl))) res.headers.append("set-cookie", c);
  return res;
}

export function authPageRoutes(ctx: AuthCtx, guards: Guards) {
  const page = (request: Request, title: string, path: string, content: Parameters<typeof renderPage>[2]) => renderPage(request, { title, path }, content);
  return new Elysia({ name: "auth-pages" })
    .use(caller(guards))
    // Login CSRF: another site must not be able to sign the browser in (to an attacker's
    // account) or post any of these forms. Same check as cookie writes in guards.ts.
    .onBeforeHandle(({ request }) => {
      if (request.method === "POST" && !sameOrigin(ctx.config, request)) throw crossSiteRefused();
    })
    .get("/signin", ({ request }) => page(request, "Sign in", "/signin", signInPage({ telegram: !!ctx.config.telegram.botToken })), { detail: { hide: true } })
    .post(
      "/signin/challenge",
      ({ body, request, client }) => {
        const address = field(body, "btc_address", 100);
        try {
          const c = issueChallenge(ctx, address, client);
          return htmlResponse(challengeForm({ address: address.trim(), nonce: c.nonce, message: c.challenge }));
        } catch (e) {
          return htmlResponse(walletForm({ address, error: messageOf(e) }));
        }
      },
      { detail: { hide: true } },
    )
    .post(
      "/signin/wallet",
      async ({ body, request, client }) => {
        const input = { address: field(body, "btc_address", 100), nonce: field(body, "nonce", 128), signature: field(body, "signature") };
        try {
          return signedIn(ctx, request, await walletSignIn(ctx, input, client));
        } catch (e) {
          return htmlResponse(walletForm({ address: input.address, error: `${messageOf(e)} — get a new message and sign again.` }));
        }
      },
      { detail: { hide: true } },
    )
    .post(
      "/signin/password",
      async ({ body, request, client }) => {
        const email = field(body, "email", 254);
        try {
          return signedIn(ctx, request, await login(ctx, { email, password: field(body, "password", 256) }, client));
        } catch (e) {
          return htmlResponse(passwordForm({ email, error: messageOf(e) }));
        }
      },
      { detail: { hide: true } },
    )
    .post(
      "/signin/telegram",
      async ({ body, request, client }) => {
        try {
          return signedIn(ctx, request, await telegramSignIn(ctx, field(body, "init_data", 16384), client));
        } catch (e) {
          return htmlResponse(errorLine(`Telegram sign-in failed: ${messageOf(e)}`));
        }
      },
      { detail: { hide: true } },
    )
    .get(
      "/signin/renew",
      async ({ request, query, client }) => {
        const token = readCookie(request, REFRESH_COOKIE);
        const secure = isSecure(request, ctx.config.http.publicUrl);
        try {
          if (!token) throw new ApiError(401, "UNAUTHORIZED", "No session");
          return signedIn(ctx, request, await refreshSession(ctx, token, client), safeNext(query.next));
        } catch (e) {
          messageOf(e);
          const res = redirect(request, "/signin");
          for (const c of clearCookies(secure)) res.headers.append("set-cookie", c);
          return res;
        }
      },
      { detail: { hide: true } },
    )
    .post(
      "/signin/out",
      async ({ request, client }) => {
        const refresh = readCookie(request, REFRESH_COOKIE);
        if (refresh) await revokeByRefreshToken(ctx, refresh, client);
        // Not a macro: signing out must work whatever state the access cookie is in (expired, revoked, banned).
        const me = await guards.optionalUser(request).catch(() => null);
        if (me?.jti) await revokeByAccessJti(ctx, me.jti, me.user.id);
        const res = redirect(request, "/signin");
        for (const c of clearCookies(isSecure(request, ctx.config.http.publicUrl))) res.headers.append("set-cookie", c);
        return res;
      },
      { detail: { hide: true } },
    )
    .get("/register", ({ request }) => page(request, "Create an account", "/register", registerPage()), { detail: { hide: true } })
    .post(
      "/register",
      async ({ body, request, client }) => {
        const v = { email: field(body, "email", 254), password: field(body, "password", 256), btc_address: field(body, "btc_address", 100), display_name: field(body, "display_name", 64) };
        try {
          return signedIn(ctx, request, await register(ctx, v, client, linkBase(ctx, request)));
        } catch (e) {
          return htmlResponse(registerForm({ ...v, error: messageOf(e) }));
        }
      },
      { detail: { hide: true } },
    )
    .get("/verify-email", ({ request, query }) => page(request, "Confirm your email", "/verify-email", verifyEmailPage(String(query.token ?? "").slice(0, 256))), { detail: { hide: true } })
    .post(
      "/verify-email",
      async ({ body, request, client }) => {
        const token = field(body, "token", 256);
        try {
          await verifyEmail(ctx, token, client);
          return htmlResponse(messagePage("Email confirmed", "Thank you: your email address is confirmed.", { href: "/account", label: "Go to your account" }));
        } catch (e) {
          return htmlResponse(verifyEmailPage(token, messageOf(e)));
        }
      },
      { detail: { hide: true } },
    )
    .get("/forgot-password", ({ request }) => page(request, "Forgot password", "/forgot-password", forgotPage()), { detail: { hide: true } })
    .post(
      "/forgot-password",
      async ({ body, request, client }) => {
        try {
          await forgotPassword(ctx, field(body, "email", 254), client, linkBase(ctx, request));
        } catch (e) {
          return htmlResponse(errorLine(messageOf(e)));
        }
        return htmlResponse(forgotPage(true));
      },
      { detail: { hide: true } },
    )
    .get("/reset-password", ({ request, query }) => page(request, "Choose a new password", "/reset-password", resetForm(String(query.token ?? "").slice(0, 256))), { detail: { hide: true } })
    .post(
      "/reset-password",
      async ({ body, request, client }) => {
        const token = field(body, "token", 256);
        try {
          await resetPassword(ctx, { token, new_password: field(body, "new_password", 256) }, client);
          return htmlResponse(messagePage("Password changed", "Your password is changed and every session was signed out.", { href: "/signin", label: "Sign in" }));
        } catch (e) {
          return htmlResponse(resetForm(token, messageOf(e)));
        }
      },
      { detail: { hide: true } },
    );
}
