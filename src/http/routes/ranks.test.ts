// The leaderboard API as a visitor and a signed-in miner see it: the seed's JSON shape, no full
// address, the caller's own rank, and clear refusals.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { fullApp, MINER, type FullApp } from "../../../test/full-app.ts";

let f: FullApp;
beforeAll(async () => {
  f = await fullApp();
});
afterAll(() => f.close());

const get = (path: string, headers: Record<string, string> = {}) => f.app.handle(new Request(`http://127.0.0.1${path}`, { headers }));

test("the public leaderboard has the seed's shape and shows the miner without their full address", async () => {
  const res = await get("/api/v1/public/leaderboard?period=weekly");
  expect(res.status).toBe(200);
  const body = await res.json();
  expect(body).toMatchObject({ period: "weekly", total_participants: 1, my_rank: null });
  expect(body.week_start).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  expect(body.entries[0]).toMatchObject({ rank: 1, user: { display_name: `${MINER.slice(0, 6)}…${MINER.slice(-4)}`, country_code: null, level: expect.any(Number), title: expect.any(String) } });
  expect(body.entries[0].best_diff).toBeGreaterThan(0);
  expect(JSON.stringify(body)).not.toContain(MINER);
  expect((await (await get("/api/v1/leaderboard/alltime?limit=1")).json()).entries).toHaveLength(1);
});

test("bad input is a clear 4xx; me and neighbors need a signed-in caller", async () => {
  expect((await get("/api/v1/public/leaderboard?period=daily")).status).toBe(422);
  expect((await get("/api/v1/leaderboard/weekly?limit=0")).status).toBe(422);
  expect((await get("/api/v1/leaderboard/me")).status).toBe(401);
  expect((await get("/api/v1/leaderboard/neighbors")).status).toBe(401);
  const countries = await (await get("/api/v1/leaderboard/country")).json();
  expect(countries).toMatchObject({ period: "weekly", total_countries: 0, entries: [] });
});

test("the Ranks page lists the board for anyone", async () => {
  const res = await get("/ranks");
  expect(res.status).toBe(200);
  const page = await res.text();
  expect(page).toContain(`${MINER.slice(0, 6)}…${MINER.slice(-4)}`);
  expect(page).not.toContain(MINER);
});

test("a signed-in caller off the boards gets null ranks and no neighbours; the lottery says what this week holds", async () => {
  const cookie = await f.adminCookie();
  const me = await (await get("/api/v1/leaderboard/me", { cookie })).json();
  expect(me).toEqual({ weekly: null, monthly: null, alltime: null });
  const around = await (await get("/api/v1/leaderboard/neighbors?period=alltime&radius=3", { cookie })).json();
  expect(around).toEqual({ period: "alltime", total_participants: 1, entries: [] });
  expect((await get("/api/v1/leaderboard/neighbors?radius=99", { cookie })).status).toBe(422);
  const lottery = await (await get("/api/v1/games/lottery/current", { cookie })).json();
  expect(lottery).toMatchObject({ prizes_xp: [500, 200, 100], my_tickets: 0, last_draw: null });
  expect((await (await get("/api/v1/games/lottery/current")).json()).my_tickets).toBeNull();
  expect((await get("/api/v1/games/lottery/results/2026-11-25")).status).toBe(404); // a Wednesday: no such week
  expect((await get("/api/v1/games/lottery/results/not-a-day")).status).toBe(422);
  expect((await f.app.handle(new Request("http://127.0.0.1/api/v1/games/sessions", { method: "POST", headers: { cookie, "content-type": "application/json", origin: "http://127.0.0.1" }, body: JSON.stringify({ game: "roulette" }) }))).status).toBe(422);
  expect((await f.app.handle(new Request("http://127.0.0.1/api/v1/games/sessions", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ game: "hammer" }) }))).status).toBe(401);
  // A play is recorded with what it revealed; the history lists it.
  const played = await (await f.app.handle(new Request("http://127.0.0.1/api/v1/games/sessions", { method: "POST", headers: { cookie, "content-type": "application/json", origin: "http://127.0.0.1" }, body: JSON.stringify({ game: "hammer" }) }))).json();
  expect(played).toMatchObject({ game: "hammer", score: 0, summary: "No accepted share this week yet: the puck stays on the ground.", reveal: { best_diff: 0, height: 0 } });
  const history = await (await get("/api/v1/games/history?limit=5", { cookie })).json();
  expect(history.data.map((p: { id: number }) => p.id)).toEqual([played.id]);
  expect((await get("/api/v1/games/history")).status).toBe(401);
});

test("the country table reads this week, this month or all time; another period is refused", async () => {
  for (const [query, heading] of [["", "This week"], ["?period=monthly", "This month"], ["?period=alltime", "All time"]] as const) {
    const res = await get(`/ranks/countries${query}`);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain(`<h1>Countries · ${heading}</h1>`);
    expect(page).toMatch(new RegExp(`<a href="/ranks/countries${query.replace("?", "\\?")}" aria-current="page">${heading}</a>`));
  }
  expect((await get("/ranks/countries?period=daily")).status).toBe(422);
});
