// /api/v1/gamification/*: the signed-in caller's own game ({ user: true }); and the admins'
// manual badge grant and revoke ({ admin: true }, audited by the game).
import { Elysia, t } from "elysia";
import type { Guards } from "../../auth/guards.ts";
import type { BadgeView, Game, PeriodBest } from "../../game/service.ts";
import type { FeedEntryJson } from "../../game/feed.ts";
import { describeXp } from "../../game/xp.ts";
import { XP } from "../../game/xp.ts";
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

const Best = t.Nullable(t.Object({ difficulty: t.Number(), achieved_at: t.String(), worker: t.Nullable(t.String()) }));
const bestJson = (b: PeriodBest | null) => (b === null ? null : { difficulty: b.difficulty, achieved_at: iso(b.achievedAt)!, worker: b.worker });
export const CalendarModel = t.Object({
  current_streak: t.Integer(),
  longest_streak: t.Integer(),
  weeks: t.Array(t.Object({ week_start: t.String({ format: "date" }), shares_count: t.Integer(), best_diff: t.Number(), is_active: t.Boolean() })),
});
export const PersonalBestsModel = t.Object({
  week: Best, month: Best, alltime: Best, since_last_block: Best, pool_last_block_at: t.Nullable(t.String()),
  record_xp: t.Integer({ description: "XP a new all-time best earns (at most once a UTC day)" }),
});
const LevelBlock = t.Object({ current: t.Integer(), title: t.String(), xp_total: t.Integer(), xp_into_level: t.Integer(), xp_for_level: t.Integer(), next_title: t.String() });
const StreakBlock = t.Object({ weeks: t.Integer(), is_active: t.Boolean(), deadline: t.String(), longest: t.Integer() });
export const ProgressModel = t.Object({
  level: LevelBlock,
  streak: StreakBlock,
  badges: t.Object({ earned: t.Integer(), total: t.Integer(), latest: t.Nullable(t.Object({ slug: t.String(), name: t.String(), rarity: t.String(), earned_at: t.String() })) }),
  mining: t.Object({ total_shares: t.Integer(), best_diff: t.Number(), blocks_found: t.Integer() }),
  unread_notifications: t.Integer(),
});
const XpEntry = t.Object({ id: t.Integer(), source: t.String(), amount: t.Integer(), ref: t.String(), description: t.String(), created_at: t.String() });
export const RecentModel = t.Object({ data: t.Array(XpEntry) });
export const FeedEntryModel = t.Object({
  id: t.Integer(), kind: t.String(), user_id: t.Nullable(t.Integer()), text: t.String(), data: t.Nullable(t.Record(t.String(), t.Unknown())), created_at: t.String(),
});
export const FeedModel = t.Object({ data: t.Array(FeedEntryModel), pagination: t.Object({ limit: t.Integer(), has_more: t.Boolean(), next_cursor: t.Nullable(t.Integer()) }) });
const PageQuery = t.Object({ limit: t.Optional(t.Integer({ minimum: 1, maximum: 100 })), cursor: t.Optional(t.Integer({ minimum: 1 })) });

export const feedJson = (e: FeedEntryJson) => ({ id: e.id, kind: e.kind, user_id: e.userId, text: e.text, data: e.data, created_at: iso(e.createdAt)! });

/** The dashboard's and the progress endpoint's level block (seed 003 §6). */
export async function levelBlock(game: Game, userId: number) {
  const { info } = await game.level(userId);
  return { current: info.level, title: info.title, xp_total: info.totalXp, xp_into_level: info.totalXp - info.levelXp, xp_for_level: info.nextLevelXp - info.levelXp, next_title: info.nextTitle };
}

export async function streakBlock(game: Game, userId: number) {
  const s = await game.streaks(userId);
  return { weeks: s.current, is_active: s.thisWeekCounts, deadline: iso(s.deadline)!, longest: s.longest };
}

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
    )
    .get(
      "/streaks/calendar",
      async ({ me }) => {
        const [weeks, s] = await Promise.all([game.calendar(me.user.id), game.streaks(me.user.id)]);
        return {
          current_streak: s.current, longest_streak: s.longest,
          weeks: weeks.map((w) => ({ week_start: day(w.weekStart)!, shares_count: w.shares, best_diff: w.bestDiff, is_active: w.shares > 0 })),
        };
      },
      { user: true, response: { 200: CalendarModel }, detail: { summary: "The last 52 weeks, oldest first: accepted shares and best difficulty per week" } },
    )
    .get(
      "/personal-bests",
      async ({ me }) => {
        const b = await game.personalBests(me.user.id);
        return { week: bestJson(b.week), month: bestJson(b.month), alltime: bestJson(b.alltime), since_last_block: bestJson(b.sinceLastBlock), pool_last_block_at: iso(b.poolLastBlockAt), record_xp: XP.BEST_DIFF_RECORD };
      },
      { user: true, response: { 200: PersonalBestsModel }, detail: { summary: "Best share difficulty this week, this month, ever and since the pool's last block" } },
    )
    .get(
      "/progress",
      async ({ me }) => {
        const id = me.user.id;
        const [level, streak, state, badges, unread] = await Promise.all([levelBlock(game, id), streakBlock(game, id), game.state(id), game.badges(id), game.unreadCount(id)]);
        const earned = badges.filter((b) => b.earned !== null).sort((a, b) => b.earned!.earnedAt - a.earned!.earnedAt);
        const latest = earned[0];
        return {
          level, streak,
          badges: { earned: earned.length, total: badges.length, latest: latest ? { slug: latest.def.slug, name: latest.def.name, rarity: latest.def.rarity, earned_at: iso(latest.earned!.earnedAt)! } : null },
          mining: { total_shares: state.totalShares, best_diff: state.bestDiff, blocks_found: state.blocksFound },
          unread_notifications: unread,
        };
      },
      { user: true, response: { 200: ProgressModel }, detail: { summary: "The caller's game at a glance: level, streak, badges, mining totals, unread notifications" } },
    )
    .get(
      "/recent",
      async ({ me }) => ({
        data: (await game.xp(me.user.id, { limit: 20 })).map((r) => ({ id: r.id, source: r.source, amount: r.amount, ref: r.ref, description: describeXp(r.source, r.ref), created_at: iso(r.createdAt)! })),
      }),
      { user: true, response: { 200: RecentModel }, detail: { summary: "The caller's last 20 XP grants" } },
    )
    .get(
      "/feed",
      async ({ me, query }) => {
        const limit = query.limit ?? 20;
        const { entries, hasMore } = await game.feed({ scope: "global" }, me?.user.id ?? null, limit, query.cursor);
        return { data: entries.map(feedJson), pagination: { limit, has_more: hasMore, next_cursor: hasMore ? entries[entries.length - 1]!.id : null } };
      },
      {
        optionalUser: true, query: PageQuery, response: { 200: FeedModel },
        detail: { summary: "The pool's activity feed (blocks, epic and legendary badges, new miners); hidden profiles show as \"A miner\"" },
      },
    )
    .get(
      "/feed/me",
      async ({ me, query }) => {
        const limit = query.limit ?? 20;
        const { entries, hasMore } = await game.feed({ scope: "user", userId: me.user.id }, me.user.id, limit, query.cursor);
        return { data: entries.map(feedJson), pagination: { limit, has_more: hasMore, next_cursor: hasMore ? entries[entries.length - 1]!.id : null } };
      },
      { user: true, query: PageQuery, response: { 200: FeedModel }, detail: { summary: "The caller's own activity" } },
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
    .post(
      "/gamification/badge-stats/refresh",
      async () => ({ data: (await game.refreshBadgeStats()).map((r) => ({ slug: r.slug, total_earned: r.holders, players: r.players, percentage: r.percentage })) }),
      { admin: true, detail: { summary: "Recount badge_stats now (it is recounted daily at 01:00 UTC)" } },
    )
    .delete("/users/:id/badges/:slug", async ({ me, params, client }) => ({ revoked: await game.adminRevoke(me.user, params.id, params.slug, client) }), {
      admin: true,
      params,
      detail: { summary: "Take a badge back (a correcting XP row is appended); false when they did not have it" },
    });
}
