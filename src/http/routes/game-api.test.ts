// /api/v1/gamification/* (the new endpoints), /api/v1/users/me/notifications and the dashboard's
// game blocks through the app: who may ask, what bad input gets, and the JSON shapes.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { fullApp, MINER, type FullApp } from "../../../test/full-app.ts";

let f: FullApp;
let cookie: string;
let adminId: number;
const base = "http://127.0.0.1";

beforeAll(async () => {
  f = await fullApp();
  cookie = await f.adminCookie();
  const me = await call("GET", "/api/v1/users/me");
  adminId = (me.body.user ?? me.body).id;
  await f.game.grantBadge(adminId, "node_runner", "test");
});
afterAll(async () => {
  await f?.close();
});

async function call(method: string, path: string, opts: { anon?: boolean } = {}) {
  const r = await f.app.handle(new Request(base + path, { method, headers: opts.anon ? {} : { cookie, origin: base } }));
  const text = await r.text();
  let body: any = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: r.status, body };
}

test("signed-in only: 401 without a session; the pool feed is public", async () => {
  for (const p of ["/api/v1/gamification/streaks/calendar", "/api/v1/gamification/personal-bests", "/api/v1/gamification/progress", "/api/v1/gamification/recent", "/api/v1/gamification/feed/me", "/api/v1/users/me/notifications", "/api/v1/users/me/notifications/unread-count"])
    expect([p, (await call("GET", p, { anon: true })).status]).toEqual([p, 401]);
  expect((await call("POST", "/api/v1/users/me/notifications/read-all", { anon: true })).status).toBe(401);
  const feed = await call("GET", "/api/v1/gamification/feed", { anon: true });
  expect(feed.status).toBe(200);
  // The fixture's miner mined: a pool-created miner joined (shown by its shortened address).
  expect(feed.body.data.map((e: { text: string }) => e.text)).toContain(`${MINER.slice(0, 8)}…${MINER.slice(-4)} joined the pool`);
});

test("progress, recent, calendar, personal bests: the caller's game", async () => {
  const p = await call("GET", "/api/v1/gamification/progress");
  expect(p.status).toBe(200);
  expect(p.body).toMatchObject({
    level: { current: 2, title: "Curious Cat", xp_total: 200, xp_into_level: 100, xp_for_level: 500, next_title: "Hash Pupil" },
    streak: { weeks: 0, is_active: false, longest: 0 },
    badges: { earned: 1, total: 20, latest: { slug: "node_runner", name: "Node Runner", rarity: "rare" } },
    mining: { total_shares: 0, best_diff: 0, blocks_found: 0 },
    unread_notifications: 2,
  });
  const recent = await call("GET", "/api/v1/gamification/recent");
  expect(recent.body.data).toEqual([expect.objectContaining({ source: "badge", amount: 200, ref: "node_runner", description: "Badge: Node Runner" })]);
  const cal = await call("GET", "/api/v1/gamification/streaks/calendar");
  expect(cal.body.weeks).toHaveLength(52);
  expect(cal.body.weeks.every((w: { shares_count: number; is_active: boolean }) => w.shares_count === 0 && !w.is_active)).toBe(true);
  expect(cal.body.weeks[51].week_start).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  const bests = await call("GET", "/api/v1/gamification/personal-bests");
  expect(bests.body).toEqual({ week: null, month: null, alltime: null, since_last_block: null, pool_last_block_at: null, record_xp: 50 });
});

test("the dashboard carries the game's streak and level blocks (seed 003 §6)", async () => {
  const d = await call("GET", `/api/v1/mining/dashboard?address=${MINER}`, { anon: true });
  expect(d.status).toBe(200);
  const level = (await f.game.level((await f.storage.repos.users.findUserByAddress(MINER))!.id)).info;
  expect(level.level).toBeGreaterThanOrEqual(2);
  expect(d.body.level).toEqual({ current: level.level, title: level.title, xp_total: level.totalXp, xp_into_level: level.totalXp - level.levelXp, xp_for_level: level.nextLevelXp - level.levelXp, next_title: level.nextTitle });
  const { weeks, is_active, deadline } = d.body.streak;
  expect(weeks).toBeGreaterThanOrEqual(1);
  expect(typeof is_active).toBe("boolean");
  expect(deadline).toMatch(/T00:00:00\.000Z$/);
});

test("notifications: list with cursor, unread filter, mark one read (404 for none of yours, 422 for a bad id), mark all read", async () => {
  const all = await call("GET", "/api/v1/users/me/notifications?limit=1");
  expect(all.status).toBe(200);
  expect(all.body).toMatchObject({ unread_count: 2, pagination: { limit: 1, has_more: true } });
  expect(all.body.data[0]).toMatchObject({ type: "level_up", is_read: false, read_at: null });
  const next = await call("GET", `/api/v1/users/me/notifications?limit=1&cursor=${all.body.pagination.next_cursor}`);
  expect(next.body.data[0]).toMatchObject({ type: "badge_earned", data: expect.objectContaining({ badge_slug: "node_runner" }) });
  expect(next.body.pagination.has_more).toBe(false);

  expect((await call("GET", "/api/v1/users/me/notifications?limit=0")).status).toBe(422);
  expect((await call("GET", "/api/v1/users/me/notifications?cursor=abc")).status).toBe(422);
  expect((await call("POST", "/api/v1/users/me/notifications/0/read")).status).toBe(422);
  expect((await call("POST", "/api/v1/users/me/notifications/999999/read")).status).toBe(404);
  expect((await call("GET", "/api/v1/users/me/notifications/unread-count")).body).toEqual({ unread_count: 2 });
  // The tab bar's count (app.js): the same number for the session, 0 and no 401 for anyone else.
  expect(await call("GET", "/partials/unread-count")).toEqual({ status: 200, body: { unread_count: 2 } });
  expect(await call("GET", "/partials/unread-count", { anon: true })).toEqual({ status: 200, body: { unread_count: 0 } });

  const read = await call("POST", `/api/v1/users/me/notifications/${all.body.data[0].id}/read`);
  expect(read.body).toEqual({ read: true, unread_count: 1 });
  expect((await call("POST", `/api/v1/users/me/notifications/${all.body.data[0].id}/read`)).body).toEqual({ read: true, unread_count: 1 });
  expect((await call("GET", "/api/v1/users/me/notifications?unread=true")).body.data.map((n: { type: string }) => n.type)).toEqual(["badge_earned"]);
  expect((await call("POST", "/api/v1/users/me/notifications/read-all")).body).toEqual({ marked: 1, unread_count: 0 });
  expect((await call("GET", "/api/v1/users/me/notifications/unread-count")).body).toEqual({ unread_count: 0 });
});

test("feed/me: the caller's own entries, as 'You'", async () => {
  const mine = await call("GET", "/api/v1/gamification/feed/me");
  expect(mine.body.data.map((e: { text: string }) => e.text)).toEqual(["You reached level 2 (Curious Cat)", "You earned the rare badge Node Runner"]);
  expect((await call("GET", "/api/v1/gamification/feed?limit=101")).status).toBe(422);
});

test("the pages: Play, Badges, XP, Inbox render the caller's game; Home's feed partial is HTML", async () => {
  const play = await call("GET", "/play");
  expect(play.status).toBe(200);
  expect(play.body).toContain("Level <span data-testid=\"level\">2</span>");
  expect(play.body).toContain("Node Runner");
  const badges = await call("GET", "/play/badges");
  expect(badges.body).toContain('data-testid="badge-node_runner"');
  expect(badges.body).toContain("Granted by the pool&#39;s admin.");
  expect((await call("GET", "/play/xp")).body).toContain("Badge: Node Runner");
  expect((await call("GET", "/account/notifications")).body).toContain("Badge earned: Node Runner");
  const partial = await call("GET", "/partials/feed", { anon: true });
  expect(partial.body).toContain('id="pool-feed"');
  expect((await call("GET", "/play", { anon: true })).status).not.toBe(200);
});
