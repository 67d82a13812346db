// The admin pages (views/admin-nav.ts lists them): Users, Pool, Badges, Audit log, Doctor, Logs. Every route is
// { page: "admin" }: the role is read from the database on each request (guards.requireAdmin), a
// non-admin gets the Forbidden page and nobody the sign-in. Every action is audited by the
// domain function it calls.
import { Elysia, t } from "elysia";
import { markEmailVerified, setBanned, setRole } from "../../admin/admin.ts";
import { listBlockCandidates } from "../../admin/block-candidates.ts";
import { effectiveConfig } from "../../admin/config-view.ts";
import { REJECT_HOURS } from "../../admin/pool-metrics.ts";
import { explainNode } from "../../admin/node-explain.ts";
import { AUDIT_ACTIONS, describeAudit, nameOf, resolveUser, revokeAllSessions } from "../../admin/users.ts";
import type { UserRow } from "../../db/repos.ts";
import { validation } from "../../core/errors.ts";
import { httpFailure } from "../errors.ts";
import { BADGES } from "../../game/badges.ts";
import { adminShell } from "../../../views/admin-nav.ts";
import { adminBadgesPage } from "../../../views/pages/admin-badges.ts";
import { adminPoolPage } from "../../../views/pages/admin-pool.ts";
import { adminDoctorPage } from "../../../views/pages/admin-doctor.ts";
import { adminLogsPage } from "../../../views/pages/admin-logs.ts";
import { setupDoctor, type SetupCheck } from "../../admin/setup-doctor.ts";
import { freeBytes, MIN_FREE_BYTES } from "../../db/doctor.ts";
import { adminAuditPage, adminUserPage, adminUsersPage, type AdminUserRow } from "../../../views/pages/admin-users.ts";
import type { AppDeps } from "../deps.ts";
import type { OpsDeps } from "../features/ops.ts";
import { renderPage } from "../page.ts";
import { eventCounters, stratumCounters } from "../pool-counters.ts";
import { caller } from "../plugins/caller.ts";
import { field, messageOf } from "./auth-pages.ts";

const AUDIT_PAGE = 50;
const LOG_LINES_SHOWN = 300;
const LOG_RANK: Record<string, number> = { debug: 10, info: 20, warn: 30, error: 40 };

const row = (u: UserRow): AdminUserRow => ({
  id: u.id, displayName: u.displayName, email: u.email, emailVerified: !!u.emailVerified, btcAddress: u.btcAddress, telegramId: u.telegramId,
  telegramUsername: u.telegramUsername, role: u.role, isBanned: !!u.isBanned, authMethod: u.authMethod, createdAt: u.createdAt, lastLoginAt: u.lastLoginAt,
});

export function adminPageRoutes(ops: OpsDeps, deps: AppDeps) {
  const { ctx, guards } = ops.accounts;
  const zoneOf = async (userId: number) => (await ctx.repos.users.findSettings(userId))?.timezone ?? null;
  const page = (request: Request, title: string, path: string, content: Parameters<typeof adminShell>[1], status = 200) =>
    renderPage(request, { title, path }, adminShell(path, content), status);

  async function userDetail(request: Request, me: UserRow, id: number, notice?: { ok: boolean; text: string }, status = 200) {
    const user = await ctx.repos.users.findUserById(id);
    const path = `/admin/users/${id}`;
    if (!user) return page(request, "User not found", path, adminUsersPage("", []), 404);
    const now = ctx.now();
    const [telegram, sessions, workers, audit, zone] = await Promise.all([
      ctx.repos.users.getTelegramProfile(id),
      ctx.repos.auth.listSessions(id, now),
      ops.workersOf(id),
      // What they did and what admins did to them (ban, role, email, sessions, badges).
      ctx.repos.auth.listAudit({ limit: 20, involving: id }),
      zoneOf(me.id),
    ]);
    return page(request, nameOf(user), path, adminUserPage({ user: row(user), telegram: telegram ?? null, sessions, workers, audit: await describeAudit(ctx.repos, audit), self: me.id === user.id }, now, zone, notice), status);
  }

  /** Runs one admin action on user `id` and shows the user again with what happened. */
  const act = (label: string, run: (me: UserRow, id: number, client: { ip?: string; userAgent?: string }, body: unknown) => Promise<unknown>) =>
    async ({ params, me, request, client, body }: { params: { id: number }; me: { user: UserRow }; request: Request; client: { ip?: string; userAgent?: string }; body: unknown }) => {
      let notice: { ok: boolean; text: string };
      let status = 200;
      try {
        await run(me.user, params.id, client, body);
        notice = { ok: true, text: label };
      } catch (e) {
        // A refused action (own ban, bad role, unknown user) answers its 4xx with the page saying why.
        notice = { ok: false, text: messageOf(e) };
        status = httpFailure(e)!.status;
      }
      return userDetail(request, me.user, params.id, notice, status);
    };
  const idParams = t.Object({ id: t.Integer({ minimum: 1 }) });

  return new Elysia({ name: "admin-pages" })
    .use(caller(guards))
    .get(
      "/admin/users",
      async ({ me, request, query }) => {
        const q = (query.q ?? "").slice(0, 100);
        const users = await ctx.repos.users.listUsers({ limit: 100, query: q.trim() || undefined });
        return page(request, "Users", "/admin/users", adminUsersPage(q, users.map(row), await zoneOf(me.user.id)));
      },
      { page: "admin", query: t.Object({ q: t.Optional(t.String()) }), detail: { hide: true } },
    )
    .get("/admin/users/:id", ({ me, request, params }) => userDetail(request, me.user, params.id), { page: "admin", params: idParams, detail: { hide: true } })
    .post("/admin/users/:id/ban", act("Banned: sessions ended, the pool refuses this payout address.", (me, id, c) => setBanned(ctx, me, id, true, c)), { page: "admin", params: idParams, detail: { hide: true } })
    .post("/admin/users/:id/unban", act("Unbanned.", (me, id, c) => setBanned(ctx, me, id, false, c)), { page: "admin", params: idParams, detail: { hide: true } })
    .post(
      "/admin/users/:id/role",
      act("Role changed.", (me, id, c, body) => {
        const role = field(body, "role", 8);
        if (role !== "user" && role !== "admin") throw validation("role must be user or admin");
        return setRole(ctx, me, id, role, c);
      }),
      { page: "admin", params: idParams, detail: { hide: true } },
    )
    .post("/admin/users/:id/confirm-email", act("Email marked verified.", (me, id, c) => markEmailVerified(ctx, me, id, c)), { page: "admin", params: idParams, detail: { hide: true } })
    .post("/admin/users/:id/revoke-sessions", act("Every session of this user ended.", (me, id, c) => revokeAllSessions(ctx, me, id, c)), { page: "admin", params: idParams, detail: { hide: true } })
    .get(
      "/admin/audit",
      async ({ me, request, query }) => {
        const filters = { user: (query.user ?? "").slice(0, 100), action: (AUDIT_ACTIONS as readonly string[]).includes(query.action ?? "") ? query.action! : "" };
        let involving: number | undefined;
        let rows: Awaited<ReturnType<typeof ctx.repos.auth.listAudit>> = [];
        const who = filters.user.trim() ? await resolveUser(ctx.repos, filters.user) : null;
        if (!filters.user.trim() || who) {
          involving = who?.id;
          rows = await ctx.repos.auth.listAudit({ limit: AUDIT_PAGE + 1, involving, action: filters.action || undefined, beforeId: query.before });
        }
        const more = rows.length > AUDIT_PAGE;
        const shown = rows.slice(0, AUDIT_PAGE);
        return page(request, "Audit log", "/admin/audit", adminAuditPage(filters, AUDIT_ACTIONS, await describeAudit(ctx.repos, shown), more ? shown[shown.length - 1]!.id : null, await zoneOf(me.user.id)));
      },
      { page: "admin", query: t.Object({ user: t.Optional(t.String()), action: t.Optional(t.String()), before: t.Optional(t.Integer({ minimum: 1 })) }), detail: { hide: true } },
    )
    .get(
      "/admin/pool",
      async ({ me, request }) => {
        const now = ctx.now();
        const s = deps.pool.status();
        const m = ops.metrics;
        const view = {
          node: {
            state: s.node.state, network: deps.config.network, url: deps.config.node.url, explanation: explainNode(s.node, deps.config),
            height: s.height ?? null, networkDifficulty: s.networkDifficulty ?? null, since: s.node.since,
          },
          templateAgeMs: s.lastTemplateAt !== undefined ? Math.max(0, now - s.lastTemplateAt) : null,
          sessions: s.sessions,
          workers: ops.onlineWorkers(now).map((w) => ({ ...w, hashrate5m: w.rates["5m"] })).sort((a, b) => a.address.localeCompare(b.address) || a.worker.localeCompare(b.worker)),
          totals: { accepted: m.sharesAccepted, rejected: m.sharesRejected },
          hours: (await ops.rejectHours(Math.floor(now / 60_000) - (REJECT_HOURS - 1) * 60 - (Math.floor(now / 60_000) % 60))).map((h) => ({
            hour: h.minute * 60_000, accepted: h.accepted, rejected: { stale: h.stale, duplicate: h.duplicate, low_difficulty: h.lowDiff, other: h.other },
          })),
          blocks: listBlockCandidates(deps.config.dataDir, 50).candidates,
          health: { stratum: stratumCounters(s), events: eventCounters(deps) },
          bus: ops.busStats().subscribers,
          config: effectiveConfig(deps.config),
        };
        return page(request, "Pool", "/admin/pool", adminPoolPage(view, now, await zoneOf(me.user.id)));
      },
      { page: "admin", detail: { hide: true } },
    )
    .get(
      "/admin/doctor",
      async ({ request }) => {
        const t0 = performance.now();
        const checks = await setupDoctor(deps.config, { stratumPort: deps.pool.status().port || deps.config.stratum.port, telegramApiRoot: ops.telegramApiRoot, database: runningDatabase });
        return page(request, "Setup doctor", "/admin/doctor", adminDoctorPage(checks, Math.round(performance.now() - t0)));
      },
      { page: "admin", detail: { hide: true } },
    )
    .get(
      "/admin/logs",
      async ({ me, request, query }) => {
        const level = LOG_RANK[query.level ?? ""] !== undefined ? query.level! : "info";
        const all = ops.logLines();
        const shown = all.filter((l) => LOG_RANK[l.level]! >= LOG_RANK[level]!).slice(-LOG_LINES_SHOWN).reverse();
        return page(request, "Logs", "/admin/logs", adminLogsPage(shown, level, all.length, await zoneOf(me.user.id)));
      },
      { page: "admin", query: t.Object({ level: t.Optional(t.String({ maxLength: 8 })) }), detail: { hide: true } },
    )
    .get(
      "/admin/badges",
      async ({ request }) => page(request, "Badges", "/admin/badges", adminBadgesPage(await badgeOptions(), { user: "", slug: BADGES[0]!.slug })),
      { page: "admin", detail: { hide: true } },
    )
    .post(
      "/admin/badges",
      async ({ me, request, client, body }) => {
        const user = field(body, "user", 100);
        const slug = field(body, "slug", 64);
        const op = field(body, "op", 8);
        let notice: { ok: boolean; text: string };
        let held: { user: string; slugs: string[] } | undefined;
        const target = user.trim() ? await resolveUser(ctx.repos, user) : null;
        const badge = BADGES.find((b) => b.slug === slug);
        if (!target) notice = { ok: false, text: `No user matches "${user}".` };
        else if (!badge) notice = { ok: false, text: "Choose a badge from the list." };
        else if (op !== "grant" && op !== "revoke") notice = { ok: false, text: "Choose Grant or Revoke." };
        else {
          try {
            const changed = op === "grant" ? await ops.game.adminGrant(me.user, target.id, slug, client) : await ops.game.adminRevoke(me.user, target.id, slug, client);
            const who = nameOf(target);
            notice = { ok: true, text: op === "grant" ? (changed ? `${badge.name} granted to ${who}.` : `${who} already holds ${badge.name}.`) : changed ? `${badge.name} taken from ${who}.` : `${who} does not hold ${badge.name}.` };
          } catch (e) {
            notice = { ok: false, text: messageOf(e) };
          }
          held = { user: nameOf(target), slugs: (await ctx.repos.game.listBadges(target.id)).map((b) => b.slug) };
        }
        return page(request, "Badges", "/admin/badges", adminBadgesPage(await badgeOptions(), { user, slug }, notice, held), notice.ok ? 200 : 422);
      },
      { page: "admin", detail: { hide: true } },
    );

  /** The running pool's database: it answers, and its disk has room (the full integrity check is `tbg doctor`'s, on a quiet pool). */
  async function runningDatabase(): Promise<SetupCheck[]> {
    const dir = deps.config.database.engine === "sqlite" ? deps.config.databasePath.replace(/\/[^/]*$/, "") : deps.config.dataDir;
    const free = freeBytes(dir);
    const mib = (n: number) => `${(n / 1048576).toFixed(0)} MiB`;
    const space: SetupCheck =
      free === null ? { name: "free space", ok: false, detail: `cannot read free space of ${dir}`, fix: "Check that the data directory exists." }
      : free < MIN_FREE_BYTES ? { name: "free space", ok: false, detail: `${mib(free)} free in ${dir}`, fix: "Free some space or move the data to a bigger disk (TBG_DATA_DIR / TBG_DATABASE_URL)." }
      : { name: "free space", ok: true, detail: `${mib(free)} free in ${dir}` };
    const up = await deps.storage.ping().catch(() => false);
    const db: SetupCheck = up
      ? { name: "database", ok: true, detail: `${deps.storage.engine} answers (run \`tbg doctor\` for the full integrity check)` }
      : { name: "database", ok: false, detail: `${deps.storage.engine} does not answer`, fix: deps.storage.engine === "sqlite" ? "Check the disk and the file's permissions; see the log." : "Start PostgreSQL or correct TBG_DATABASE_URL." };
    return [space, db];
  }

  async function badgeOptions() {
    const counts = await ctx.repos.game.badgeCounts();
    return BADGES.map((b) => ({ slug: b.slug, name: b.name, holders: counts[b.slug] ?? 0 }));
  }
}
