// Account pages (profile, settings, API keys, sessions) and the admin page. A page needs the
// session cookie; an expired access cookie is renewed through /signin/renew (which holds the
// refresh cookie) and the user lands back on the page they asked for.
import { Elysia } from "elysia";
import { markEmailVerified } from "../../admin/admin.ts";
import { listBlockCandidates } from "../../admin/block-candidates.ts";
import { createApiKey, listKeys, revokeKey } from "../../auth/api-keys.ts";
import type { AuthCtx } from "../../auth/context.ts";
import type { Guards } from "../../auth/guards.ts";
import { changeSettings, readSettings, updateProfile, type SettingsView } from "../../users/profile.ts";
import { userView } from "../../users/view.ts";
import { accountPage, keysPage, profileForm, sessionsPage, settingsForm } from "../../../views/pages/account.ts";
import { adminPage } from "../../../views/pages/admin.ts";
import type { AppDeps } from "../deps.ts";
import { ApiError } from "../errors.ts";
import { eventCounters, stratumCounters } from "../pool-counters.ts";
import { htmlResponse, redirect, renderPage } from "../page.ts";
import { caller } from "../plugins/caller.ts";
import { field, messageOf } from "./auth-pages.ts";
import { revokeSession, sessionsOf } from "./users.ts";

/** `deps` gives the admin page the pool's counters; without it (tests of accounts alone) that section is left out. */
export function usersPageRoutes(ctx: AuthCtx, guards: Guards, deps?: AppDeps) {
  // { page: … } (plugins/caller.ts): a browser session, or the redirect that gets the user signed in.
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
      "/account/keys",
      async ({ me, request }) => {
        return renderPage(request, { title: "API keys", path: "/account/keys" }, keysPage(await listKeys(ctx, me.user.id)));
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
          return renderPage(request, meta, keysPage(await listKeys(ctx, me.user.id), { key, name }));
        } catch (e) {
          const error = messageOf(e);
          return renderPage(request, meta, keysPage(await listKeys(ctx, me.user.id), undefined, error));
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
        return renderPage(request, { title: "Sessions", path: "/account/sessions" }, sessionsPage(await sessionsOf(ctx, me)));
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
      async ({ request }) => {
        const [pending, audit] = await Promise.all([ctx.repos.users.listPendingVerifications(200), ctx.repos.auth.listAudit({ limit: 50 })]);
        const health = deps ? { stratum: stratumCounters(deps.pool.status()), events: eventCounters(deps) } : undefined;
        return renderPage(request, { title: "Admin", path: "/admin" }, adminPage(pending, audit, listBlockCandidates(ctx.config.dataDir, 50).candidates, health));
      },
      { page: "admin", detail: { hide: true } },
    )
    .post(
      "/admin/users/:id/verify",
      async ({ params, me, request, client }) => {
        const id = Number(params.id);
        if (Number.isSafeInteger(id) && id > 0) {
          try {
            await markEmailVerified(ctx, me.user, id, client);
          } catch (e) {
            messageOf(e);
          }
        }
        return redirect(request, "/admin");
      },
      { page: "admin", detail: { hide: true } },
    );
}
