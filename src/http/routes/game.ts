// /api/v1/gamification/*: the signed-in caller's own game ({ user: true }); and the admins'
// manual badge grant and revoke ({ admin: true }, audited by the game).
import { Elysia, t } from "elysia";
import type { Guards } from "../../auth/guards.ts";
import type { BadgeView, Game } from "../../game/service.ts";
import { caller } from "../plugins/caller.ts";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const day = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString().slice(0, 10));

function badgeJson(v: BadgeView) {
  const d = v.def;
  return {
    slug: d.slug,
    name: d.name,
    description: d.description,
    category: d.category,
    rarity: d.rarity,
    xp_reward: d.xpReward,
    trigger: { type: d.trigger, value: d.threshold },
    earned: v.earned ? { date: iso(v.earned.earnedAt), metadata: { ref: v.earned.ref } } : null,
    stats: { total_earned: v.holders, percentage: v.percentage },
  };
}

const slugParam = t.String({ pattern: "^[a-z0-9_]{1,64}$" });

export function gameRoutes(game: Game, guards: Guards) {
  return new Elysia({ name: "gamification", prefix: "/api/v1/gamification", detail: { tags: ["Gamification"] } })
    .use(caller(guards))
    .get(
      "/badges",
      async ({ me }) => {
        const all = (await game.badges(me.user.id)).map(badgeJson);
        const earned = all.filter((b) => b.earned !== null);
        return { earned_count: earned.length, total_count: all.length, badges: all, earned, locked: all.filter((b) => b.earned === null) };
      },
      { user: true, detail: { summary: "Every badge with the caller's earned status and how many players hold it" } },
    )
    .get("/badges/:slug", async ({ me, params }) => badgeJson(await game.badge(me.user.id, params.slug)), {
      user: true,
      params: t.Object({ slug: slugParam }),
      detail: { summary: "One badge" },
    })
    .get(
      "/xp",
      async ({ me, query }) => {
        const limit = query.limit ?? 50;
        const rows = await game.xp(me.user.id, { limit: limit + 1, beforeId: query.cursor });
        const page = rows.slice(0, limit);
        return {
          data: page.map((r) => ({ id: r.id, source: r.source, amount: r.amount, ref: r.ref, created_at: iso(r.createdAt) })),
          pagination: { limit, has_more: rows.length > limit, next_cursor: rows.length > limit ? page[page.length - 1]!.id : null },
        };
      },
      {
        user: true,
        query: t.Object({ limit: t.Optional(t.Integer({ minimum: 1, maximum: 200 })), cursor: t.Optional(t.Integer({ minimum: 1 })) }),
        detail: { summary: "The caller's XP ledger, newest first" },
      },
    )
    .get(
      "/xp/summary",
      async ({ me }) => {
        const by = await game.xpSummary(me.user.id);
        return { total_xp: by.reduce((s, r) => s + r.total, 0), by_source: by.map((r) => ({ source: r.source, total: r.total, grants: r.grants })) };
      },
      { user: true, detail: { summary: "The caller's XP totals by source" } },
    )
    .get(
      "/level",
      async ({ me }) => {
        const { info, roadmap } = await game.level(me.user.id);
        const span = info.nextLevelXp - info.levelXp;
        return {
          level: info.level,
          title: info.title,
          total_xp: info.totalXp,
          level_xp: info.levelXp,
          next_level: { level: info.level + 1, title: info.nextTitle, xp: info.nextLevelXp, xp_to_go: info.nextLevelXp - info.totalXp },
          progress_percentage: span > 0 ? Math.floor(((info.totalXp - info.levelXp) * 1000) / span) / 10 : 0,
          roadmap,
        };
      },
      { user: true, detail: { summary: "The caller's level, title and the road ahead" } },
    )
    .get(
      "/streaks",
      async ({ me }) => {
        const s = await game.streaks(me.user.id);
        return {
          current_streak: s.current, longest_streak: s.longest, streak_start: day(s.start), last_active_week: day(s.lastActiveWeek),
          this_week_counts: s.thisWeekCounts, week_deadline: iso(s.deadline),
        };
      },
      { user: true, detail: { summary: "The caller's weekly streak (a week counts with one accepted share; weeks start Monday 00:00 UTC)" } },
    );
}

export function gameAdminRoutes(game: Game, guards: Guards) {
  const params = t.Object({ id: t.Integer({ minimum: 1 }), slug: slugParam });
  return new Elysia({ name: "gamification-admin", prefix: "/api/v1/admin", detail: { tags: ["Admin"] } })
    .use(caller(guards))
    .post("/users/:id/badges/:slug", async ({ me, params, client }) => ({ granted: await game.adminGrant(me.user, params.id, params.slug, client) }), {
      admin: true,
      params,
      detail: { summary: "Grant a badge (and its XP) to a user; false when they already have it" },
    })
    .delete("/users/:id/badges/:slug", async ({ me, params, client }) => ({ revoked: await game.adminRevoke(me.user, params.id, params.slug, client) }), {
      admin: true,
      params,
      detail: { summary: "Take a badge back (a correcting XP row is appended); false when they did not have it" },
    });
}
