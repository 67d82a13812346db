// Account pages (profile, settings, API keys, sessions) and the admin page. A page needs the
// session cookie; an expired access cookie is renewed through /signin/renew (which holds the
// refresh cookie) and the user lands back on the page they asked for.
import { Elysia } from "elysia";
import { listBlockCandidates } from "../../admin/block-candidates.ts";
import { createApiKey, listKeys, revokeKey } from "../../auth/api-keys.ts";
import type { AuthCtx } from "../../auth/context.ts";
import type { Guards } from "../../auth/guards.ts";
import { CHALLENGE_TTL_MS } from "../../auth/challenges.ts";
import { changeWallet, issueChallenge } from "../../auth/wallet.ts";
import { changeSettings, readSettings, updateProfile, type SettingsView } from "../../users/profile.ts";
import { userView } from "../../users/view.ts";
import { accountPage, keysPage, profileForm, sessionsPage, settingsForm } from "../../../views/pages/account.ts";
import { adminPage } from "../../../views/pages/admin.ts";
import { adminShell } from "../../../views/admin-nav.ts";
import { describeAudit } from "../../admin/users.ts";
import { addressLinked, addressSignForm, addressStartForm, payoutAddressPage, reauthCard } from "../../../views/pages/payout-address.ts";
import type { AppDeps } from "../deps.ts";
import { ApiError, httpFailure } from "../errors.ts";
import { eventCounters, stratumCounters } from "../pool-counters.ts";
import { htmlResponse, redirect, renderPage } from "../page.ts";
import { caller } from "../plugins/caller.ts";
import { field, messageOf } from "./auth-pages.ts";
import { revokeSession, sessionsOf } from "./users.ts";

/** What went wrong with a payout-address step, in the words the page shows. */
function addressError(e: unknown, network: string): string {
  const f = httpFailure(e);
  switch (f?.code) {
    case "INVALID_BTC_ADDRESS":
      return `That is not a ${network} Bitcoin address. Check it in your wallet and paste it again.`;
    case "AUTH_INVALID_SIGNATURE":
      return "The signature does not match this message and address. Sign the new message below exactly as shown, with the wallet that holds this address.";
    case "AUTH_CHALLENGE_EXPIRED":
      return "The message expired (it is valid for 5 minutes). Sign the new message below.";
    case "AUTH_CHALLENGE_NOT_FOUND":
    case "AUTH_ADDRESS_MISMATCH":
      return "That message was already used or is unknown. Sign the new message below.";
    case "ADDRESS_TAKEN":
      return "This address belongs to another account. Sign in with it instead, or link a different address.";
  }
  return messageOf(e);
}

/** `deps` gives the admin page the pool's counters; without it (tests of accounts alone) that section is left out. */
export function usersPageRoutes(ctx: AuthCtx, guards: Guards, deps?: AppDeps) {
  // { page: … } (plugins/caller.ts): a browser session, or the redirect that gets the user signed in.
  /** The user's time-zone setting: account pages write their times in it. */
  const zoneOf = async (userId: number) => (await readSettings(ctx, userId)).timezone;
  /** The page user's sign-in is older than the recent-sign-in rule allows (guards.ts decides). */
  const staleSignIn = async (request: Request): Promise<boolean> => {
    try {
      await guards.requireSession(request, { recent: true });
      return false;
    } catch (e) {
      if (httpFailure(e)?.code === "AUTH_REAUTH_REQUIRED") return true;
      throw e;
    }
  };
  return new Elysia({ name: "users-pages" })
    .use(caller(guards))
    .get(
      "/account",
      async ({ me, request }) => {
        return renderPage(request, { title: "Your account", path: "/account" }, accountPage(userView(me.user), await readSettings(ctx, me.user.id)));
      },
      { page: "user", detail: { hide: true } },
    )
    .post(
      "/account/profile",
      async ({ body, me, client }) => {
        try {
          const u = await updateProfile(ctx, me.user, { display_name: field(body, "display_name", 64), country_code: field(body, "country_code", 8) }, client);
          return htmlResponse(profileForm(userView(u), { saved: true }));
        } catch (e) {
          return htmlResponse(profileForm(userView(me.user), { error: messageOf(e) }));
        }
      },
      { page: "user", detail: { hide: true } },
    )
    .post(
      "/account/settings",
      async ({ body, me, client }) => {
        const on = (k: string) => field(body, k, 8) === "1";
        const input: Partial<SettingsView> = {
          notification_blocks: on("notification_blocks"),
          notification_badges: on("notification_badges"),
          notification_streaks: on("notification_streaks"),
          notification_lottery: on("notification_lottery"),
          notification_shares: on("notification_shares"),
          notification_email: on("notification_email"),
          privacy_show_profile: on("privacy_show_profile"),
          privacy_show_hashrate: on("privacy_show_hashrate"),
          privacy_show_country: on("privacy_show_country"),
          timezone: field(body, "timezone", 64) || "UTC",
        };
        const sound = field(body, "sound_mode", 8);
        if (sound === "off" || sound === "subtle" || sound === "full") input.sound_mode = sound;
        try {
          return htmlResponse(settingsForm(await changeSettings(ctx, me.user, input, client), { saved: true }));
        } catch (e) {
          const error = messageOf(e);
          return htmlResponse(settingsForm(await readSettings(ctx, me.user.id), { error }));
        }
      },
      { page: "user", detail: { hide: true } },
    )
    .get(
      "/account/address",
      async ({ me, request }) => {
        const stale = await staleSignIn(request);
        return renderPage(request, { title: "Payout address", path: "/account/address" }, payoutAddressPage({ current: me.user.btcAddress, network: ctx.config.network, stale }));
      },
      { page: "user", detail: { hide: true } },
    )
    .post(
      "/account/address/challenge",
      async ({ body, me, request, client }) => {
        if (await staleSignIn(request)) return htmlResponse(reauthCard());
        const address = field(body, "btc_address", 100);
        try {
          const c = issueChallenge(ctx, address, client, me.user.id);
          const zone = await zoneOf(me.user.id);
          return htmlResponse(addressSignForm({ address: address.trim(), nonce: c.nonce, message: c.challenge, expiresAt: ctx.now() + CHALLENGE_TTL_MS, zone }));
        } catch (e) {
          return htmlResponse(addressStartForm({ current: me.user.btcAddress, network: ctx.config.network, address, error: addressError(e, ctx.config.network) }));
        }
      },
      { page: "user", detail: { hide: true } },
    )
    .post(
      "/account/address",
      async ({ body, me, request, client }) => {
        if (await staleSignIn(request)) return htmlResponse(reauthCard());
        const input = { address: field(body, "btc_address", 100), nonce: field(body, "nonce", 128), signature: field(body, "signature").trim() };
        try {
          const u = await changeWallet(ctx, me.user, input, client);
          return htmlResponse(addressLinked(u.btcAddress!));
        } catch (e) {
          const error = addressError(e, ctx.config.network);
          // The challenge is spent whatever went wrong: the same address gets a fresh message to sign.
          try {
            const c = issueChallenge(ctx, input.address, client, me.user.id);
            const zone = await zoneOf(me.user.id);
            return htmlResponse(addressSignForm({ address: input.address.trim(), nonce: c.nonce, message: c.challenge, expiresAt: ctx.now() + CHALLENGE_TTL_MS, zone, error }));
          } catch {
            return htmlResponse(addressStartForm({ current: me.user.btcAddress, network: ctx.config.network, address: input.address, error }));
          }
        }
      },
      { page: "user", detail: { hide: true } },
    )
    .get(
      "/account/keys",
      async ({ me, request }) => {
        return renderPage(request, { title: "API keys", path: "/account/keys" }, keysPage(await listKeys(ctx, me.user.id), undefined, undefined, ctx.now(), await zoneOf(me.user.id)));
      },
      { page: "user", detail: { hide: true } },
    )
    .post(
      "/account/keys",
      async ({ body, me, request, client }) => {
        const name = field(body, "name", 64);
        const meta = { title: "API keys", path: "/account/keys" };
        try {
          const d = ctx.limiter.hit("apiKeys", { user: me.user.id, ip: client.ip });
          if (!d.ok) throw new ApiError(429, "AUTH_RATE_LIMITED", "Too many key operations; try again in a minute");
          const permissions = field(body, "permission", 8) === "write" ? (["read", "write"] as const) : (["read"] as const);
          const { key } = await createApiKey(ctx, me.user, { name, permissions: [...permissions] }, client);
          return renderPage(request, meta, keysPage(await listKeys(ctx, me.user.id), { key, name }, undefined, ctx.now(), await zoneOf(me.user.id)));
        } catch (e) {
          const error = messageOf(e);
          return renderPage(request, meta, keysPage(await listKeys(ctx, me.user.id), undefined, error, ctx.now(), await zoneOf(me.user.id)));
        }
      },
      { page: "user", detail: { hide: true } },
    )
    .post(
      "/account/keys/:id/revoke",
      async ({ params, me, request, client }) => {
        try {
          await revokeKey(ctx, me.user.id, params.id.slice(0, 64), client);
        } catch (e) {
          messageOf(e);
        }
        return redirect(request, "/account/keys");
      },
      { page: "user", detail: { hide: true } },
    )
    .get(
      "/account/sessions",
      async ({ me, request }) => {
        return renderPage(request, { title: "Sessions", path: "/account/sessions" }, sessionsPage(await sessionsOf(ctx, me), ctx.now(), await zoneOf(me.user.id)));
      },
      { page: "user", detail: { hide: true } },
    )
    .post(
      "/account/sessions/:id/revoke",
      async ({ params, me, request, client }) => {
        try {
          await revokeSession(ctx, me, params.id.slice(0, 64), client);
        } catch (e) {
          messageOf(e);
        }
        return redirect(request, "/account/sessions");
      },
      { page: "user", detail: { hide: true } },
    )
    .get(
      "/admin",
      async ({ me, request }) => {
        const [pending, audit, zone] = await Promise.all([ctx.repos.users.listPendingVerifications(200), ctx.repos.auth.listAudit({ limit: 20 }), zoneOf(me.user.id)]);
        const health = deps ? { stratum: stratumCounters(deps.pool.status()), events: eventCounters(deps) } : undefined;
        const content = adminPage(pending, await describeAudit(ctx.repos, audit), listBlockCandidates(ctx.config.dataDir, 50).candidates, health, zone);
        return renderPage(request, { title: "Admin", path: "/admin" }, adminShell("/admin", content));
      },
      { page: "admin", detail: { hide: true } },
    );
}
