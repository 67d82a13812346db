// /api/v1/competitions/leagues/* and the /leagues page over the whole app (test/full-app.ts) on
// the suite's engine: the season the job opened, the pool's miner placed, a signed-in player
// placed when they first mine and marked as "me", and clear refusals.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { fullApp, MINER, share, type FullApp } from "../../../test/full-app.ts";

let f: FullApp;
const base = "http://127.0.0.1";
let player: string;
const ADDRESS = "bc1qleagueplayer0000000000000000000000000";

beforeAll(async () => {
  f = await fullApp();
  const res = await f.app.handle(
    new Request(base + "/signin/telegram", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", origin: base }, body: new URLSearchParams({ init_data: f.initData(301, "lea") }).toString() }),
  );
  player = res.headers.getSetCookie().map((c) => c.split(";")[0]!).filter((c) => !c.endsWith("=")).join("; ");
  // The player gives their mining address, then mines: the next run of the job places them.
  const u = (await f.storage.repos.users.findUserByTelegramId(301))!;
  await f.storage.repos.users.updateUser(u.id, { btcAddress: ADDRESS }, Date.now());
});
afterAll(() => f.close());

const get = async (path: string, cookie?: string) => {
  const res = await f.app.handle(new Request(base + path, { headers: cookie ? { cookie } : {} }));
  const text = await res.text();
  return { status: res.status, body: text.startsWith("{") ? JSON.parse(text) : text };
};

test("the season's tables: the miner in the top league, a newcomer placed when they first mine, their club marked", async () => {
  let r = await get("/api/v1/competitions/leagues", player);
  expect(r.status).toBe(200);
  expect(r.body).toMatchObject({ season: expect.any(Number), closed_at: null, my_club: null });
  expect(r.body.rounds).toHaveLength(4);
  expect(r.body.leagues).toEqual([{ tier: 1, name: "Diamond League", clubs: 1, promotion_zone: 0, relegation_zone: 0 }]);
  const top = await get("/api/v1/competitions/leagues/1");
  expect(top.body.league.clubs.map((c: { name: string; me: boolean }) => [c.name, c.me])).toEqual([[`${MINER.slice(0, 6)}…${MINER.slice(-4)}`, false]]);
  expect(JSON.stringify(top.body)).not.toContain(MINER);

  const now = Date.now();
  for (let i = 0; i < 3; i++) f.bus.publish("share_submitted", share("rig", now - i * 1000, true, ADDRESS));
  await f.flush();
  await f.leagues.tick();
  r = await get("/api/v1/competitions/leagues/1", player);
  expect(r.status).toBe(200);
  expect(r.body.my_club).toMatchObject({ tier: 1, league: "Diamond League" });
  const mine = r.body.league.clubs.find((c: { me: boolean }) => c.me);
  expect(mine).toMatchObject({ shares: 3, rounds_played: 1, movement: null });
  expect(r.body.league.clubs).toHaveLength(2);
  expect((await get("/api/v1/competitions/leagues/me", player)).body.clubs).toEqual([{ season: r.body.season, tier: 1, league: "Diamond League", position: mine.position, points: mine.points, rounds_played: 1, movement: null }]);

  const page = await get("/leagues", player);
  expect(page.status).toBe(200);
  expect(page.body).toContain('data-testid="league-table"');
  expect(page.body).toMatch(/<tr class="me"[^>]*aria-current="true"/);
  expect(page.body).toContain('data-testid="my-club"');
  expect((await get("/worldcup", player)).body).toContain('href="/leagues"');
});

test("bad input is a clear 4xx; your history needs a signed-in caller", async () => {
  expect((await get("/api/v1/competitions/leagues/99")).status).toBe(404);
  expect((await get("/api/v1/competitions/leagues/0")).status).toBe(422);
  expect((await get("/api/v1/competitions/leagues?season=99999")).status).toBe(404);
  expect((await get("/api/v1/competitions/leagues?season=abc")).status).toBe(422);
  expect((await get("/api/v1/competitions/leagues/me")).status).toBe(401);
  expect((await get("/leagues?tier=0")).status).toBe(422);
  expect((await get("/leagues?tier=42")).status).toBe(404);
  // The World Cup's own routes still answer beside the leagues'.
  expect((await get("/api/v1/competitions")).status).toBe(200);
  const anon = await get("/leagues");
  expect(anon.status).toBe(200);
  expect(anon.body).toContain('data-testid="my-club-none"');
});
