// The game's pages (server-rendered) for the signed-in player: Play (progress), the badge
// collection, XP history, the notification centre (under Me), and Home's pool feed partial.
import { Elysia, t } from "elysia";
import type { Guards } from "../../auth/guards.ts";
import type { BadgeDef } from "../../game/badges.ts";
import { NAMED_LEVELS } from "../../game/levels.ts";
import type { Game } from "../../game/service.ts";
import { describeXp } from "../../game/xp.ts";
import { badgesPage } from "../../../views/pages/badges.ts";
import { notificationsPage } from "../../../views/pages/notifications.ts";
import { playPage } from "../../../views/pages/play.ts";
import { xpHistoryPage } from "../../../views/pages/xp-history.ts";
import { poolFeed } from "../../../views/partials/feed.ts";
import type { AppDeps } from "../deps.ts";
import { htmlResponse, redirect, renderPage } from "../page.ts";
import { caller } from "../plugins/caller.ts";

const fmtN = (n: number) => n.toLocaleString("en-US");

/** How a badge is earned, in words. */
export function howTo(d: BadgeDef): string {
  switch (d.trigger) {
    case "shares_count": return `Earned at ${fmtN(d.threshold ?? 0)} accepted ${d.threshold === 1 ? "share" : "shares"}.`;
    case "best_diff": return `Earned by a share of difficulty ${fmtN(d.threshold ?? 0)} or more.`;
    case "streak_weeks": return `Earned by a streak of ${d.threshold} weeks (one accepted share a week, weeks start Monday 00:00 UTC).`;
    case "block_found": return `Earned by finding ${d.threshold === 1 ? "a block" : `${d.threshold} blocks`}.`;
    case "education_track": return "Earned by finishing the lessons of its track.";
    case "competition": return "Earned in the World Cup.";
    case "social": return "Earned in a mining cooperative.";
    case "manual": return "Granted by the pool's admin.";
  }
}

const SOURCE_LABEL: Record<string, string> = {
  daily_share: "Daily shares", streak_week: "Streaks", best_diff_record: "Records", block: "Blocks", badge: "Badges", badge_revoked: "Corrections", lesson: "Lessons", track: "Tracks", lottery: "Lottery", world_cup: "World Cup",
};

export function gamePageRoutes(game: Game, guards: Guards, deps: AppDeps) {
  const zoneOf = (request: Request) => (deps.viewerZone ? deps.viewerZone(request) : Promise.resolve(null));
  const celebrate = async (userId: number) => (await game.takeCelebrations(userId)).map((d) => ({ name: d.name, rarity: d.rarity, xpReward: d.xpReward }));
  return new Elysia({ name: "game-pages" })
    .use(caller(guards))
    .get(
      "/play",
      async ({ me, request }) => {
        const id = me.user.id;
        const [{ info }, streak, badges, calendar, bests, xp, feed, zone] = await Promise.all([
          game.level(id), game.streaks(id), game.badges(id), game.calendar(id), game.personalBests(id), game.xp(id, { limit: 5 }), game.feed({ scope: "user", userId: id }, id, 5), zoneOf(request),
        ]);
        const next = NAMED_LEVELS.find((n) => n.level > info.level) ?? null;
        const earned = badges.filter((b) => b.earned !== null).sort((a, b) => b.earned!.earnedAt - a.earned!.earnedAt);
        return renderPage(
          request,
          { title: "Play", path: "/play" },
          playPage({
            now: deps.now(), zone,
            level: info.level, title: info.title, totalXp: info.totalXp, levelXp: info.levelXp, nextLevelXp: info.nextLevelXp, nextTitle: info.nextTitle, nextNamed: next,
            streak: { current: streak.current, longest: streak.longest, thisWeekCounts: streak.thisWeekCounts, deadline: streak.deadline },
            calendar,
            bests: [
              { label: "This week", difficulty: bests.week?.difficulty ?? null }, { label: "This month", difficulty: bests.month?.difficulty ?? null },
              { label: "All time", difficulty: bests.alltime?.difficulty ?? null }, { label: "Since the pool's last block", difficulty: bests.sinceLastBlock?.difficulty ?? null },
            ],
            badges: { earned: earned.length, total: badges.length, latest: earned.slice(0, 3).map((b) => ({ name: b.def.name, rarity: b.def.rarity })) },
            recentXp: xp.map((r) => ({ amount: r.amount, description: describeXp(r.source, r.ref), at: r.createdAt })),
            feed: feed.entries,
            celebrate: await celebrate(id),
          }),
        );
      },
      { page: "user", detail: { hide: true } },
    )
    .get(
      "/play/badges",
      async ({ me, request }) => {
        const [badges, zone] = await Promise.all([game.badges(me.user.id), zoneOf(request)]);
        return renderPage(
          request,
          { title: "Badges", path: "/play/badges" },
          badgesPage({
            now: deps.now(), zone, celebrate: await celebrate(me.user.id),
            badges: badges.map((b) => ({
              slug: b.def.slug, name: b.def.name, description: b.def.description, category: b.def.category, rarity: b.def.rarity, xpReward: b.def.xpReward,
              howTo: howTo(b.def), earnedAt: b.earned?.earnedAt ?? null, percentage: b.percentage, holders: b.holders,
            })),
          }),
        );
      },
      { page: "user", detail: { hide: true } },
    )
    .get(
      "/play/xp",
      async ({ me, request, query }) => {
        const [rows, by, zone] = await Promise.all([game.xp(me.user.id, { limit: 51, beforeId: query.cursor }), game.xpSummary(me.user.id), zoneOf(request)]);
        const page = rows.slice(0, 50);
        return renderPage(
          request,
          { title: "XP history", path: "/play/xp" },
          xpHistoryPage({
            zone, total: by.reduce((s, r) => s + r.total, 0), next: rows.length > 50 ? page[page.length - 1]!.id : null,
            bySource: by.filter((r) => r.total !== 0).map((r) => ({ label: SOURCE_LABEL[r.source] ?? r.source, total: r.total })),
            rows: page.map((r) => ({ amount: r.amount, description: describeXp(r.source, r.ref), at: r.createdAt })),
          }),
        );
      },
      { page: "user", query: t.Object({ cursor: t.Optional(t.Integer({ minimum: 1 })) }), detail: { hide: true } },
    )
    .get(
      "/account/notifications",
      async ({ me, request, query }) => {
        const [rows, unread, zone] = await Promise.all([game.notifications(me.user.id, { limit: 31, beforeId: query.cursor }), game.unreadCount(me.user.id), zoneOf(request)]);
        const page = rows.slice(0, 30);
        return renderPage(
          request,
          { title: "Notifications", path: "/account/notifications" },
          notificationsPage({
            now: deps.now(), zone, unread, next: rows.length > 30 ? page[page.length - 1]!.id : null,
            items: page.map((n) => ({ id: n.id, type: n.type, title: n.title, body: n.body, read: n.readAt !== null, at: n.createdAt })),
          }),
        );
      },
      { page: "user", query: t.Object({ cursor: t.Optional(t.Integer({ minimum: 1 })) }), detail: { hide: true } },
    )
    .post(
      "/account/notifications/read-all",
      async ({ me, request }) => {
        await game.markAllRead(me.user.id);
        return redirect(request, "/account/notifications");
      },
      { page: "user", detail: { hide: true } },
    )
    .post(
      "/account/notifications/:id/read",
      async ({ me, request, params }) => {
        await game.markRead(me.user.id, params.id);
        return redirect(request, "/account/notifications");
      },
      { page: "user", params: t.Object({ id: t.Integer({ minimum: 1 }) }), detail: { hide: true } },
    )
    .get(
      "/partials/feed",
      async ({ me, request }) => {
        const [{ entries }, zone] = await Promise.all([game.feed({ scope: "global" }, me?.user.id ?? null, 10), zoneOf(request)]);
        return htmlResponse(poolFeed(entries, deps.now(), zone));
      },
      { optionalUser: true, detail: { hide: true } },
    )
    // The tab bar's unread count, read by app.js on every page of a signed-in visitor. Not the
    // API's /unread-count: a page whose access token lapsed in the background must not log a 401
    // for a badge; it shows none until the next sign-in renews the session.
    .get("/partials/unread-count", async ({ me }) => ({ unread_count: me ? await game.unreadCount(me.user.id) : 0 }), { optionalUser: true, detail: { hide: true } });
}
