// The stored World Cup on the engine the suite runs on: shares go through the real ingest and
// writer thread, the schedule is driven by calling tick() with a moved clock, from creation
// through registration, the draw, live scores, the knockout and the champion.
import { afterEach, beforeEach, expect, test } from "bun:test";
import type { ShareSubmittedEvent } from "../../../stratum/index.ts";
import { openTestStorage, testQuery } from "../../../test/storage.ts";
import type { Storage } from "../../db/storage.ts";
import { createEventBus, type PoolBus } from "../../events.ts";
import { createGame, type Game } from "../../game/service.ts";
import { silentLogger } from "../../log.ts";
import { Ingest } from "../../mining/ingest.ts";
import { createWorldCup, type WorldCup, type WorldCupEventMap } from "./service.ts";

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 11, 7, 9); // registration opens
const KICKOFF = T0 + 2 * HOUR;
let storage: Storage, game: Game, wc: WorldCup, pool: PoolBus, ingest: Ingest;
let clock = T0;
const players: { id: number; address: string; country: string }[] = [];
/** Difficulty each country's miners submit per share: Portugal strongest, Japan weakest. */
const STRENGTH: Record<string, number> = { PT: 3000, DE: 2000, JP: 1000, US: 9000 };

beforeEach(async () => {
  storage = await openTestStorage("worldcup");
  clock = T0 - HOUR;
  pool = createEventBus();
  ingest = new Ingest({ target: storage.writerTarget, where: storage.where, lastPoolBlockAt: 0, log: silentLogger, now: () => clock, shareRetentionMs: 86_400_000 * 30, flushIntervalMs: 3_600_000 });
  ingest.attach(pool);
  ingest.start();
  game = createGame({ repos: storage.repos, log: silentLogger, now: () => clock });
  wc = createWorldCup({ repos: storage.repos, game, log: silentLogger, now: () => clock });
  players.length = 0;
  // Two miners each for PT, DE, JP; one for US (below the minimum of two: no team).
  for (const [i, country] of ["PT", "PT", "DE", "DE", "JP", "JP", "US"].entries()) {
    const address = `bc1qworldcup${String(i).padStart(30, "0")}`;
    const u = await storage.repos.users.insertUser({ btcAddress: address, countryCode: country }, T0);
    players.push({ id: u.id, address, country });
  }
});
afterEach(async () => {
  await ingest.stop();
  await wc.stop();
  await game.stop();
  await storage.close();
});

function share(p: (typeof players)[number], at: number): ShareSubmittedEvent {
  const d = STRENGTH[p.country]!;
  return { source: "hosted", address: p.address, worker: "rig", userAgent: "bitaxe", ip: "10.0.0.2", sessionId: p.address, jobId: "1", height: 1, accepted: true, targetDifficulty: d, shareDifficulty: d, rejectCode: null, rejectReason: null, isBlock: false, timestamp: at };
}
/** Every player submits one share at `at`. */
async function everyoneMines(at: number) {
  for (const p of players) pool.publish("share_submitted", share(p, at));
  await pool.drain();
  await ingest.flush();
}

test("illegal moves are refused; the schedule moves a competition once however often it runs", async () => {
  const c = await wc.create({ name: "World Cup 2026", registrationAt: T0, startsAt: KICKOFF, roundHours: 1, minMiners: 2 });
  expect(c.status).toBe("upcoming");
  await expect(wc.transition(c.id, "active", 1)).rejects.toMatchObject({ code: "CONFLICT", reason: "ILLEGAL_TRANSITION" });
  await expect(wc.transition(c.id, "finished", 1)).rejects.toMatchObject({ reason: "INVALID_STATE" });
  await expect(wc.register(players[0]!.id, c.id)).rejects.toMatchObject({ reason: "REGISTRATION_CLOSED" });
  await wc.tick();
  expect((await wc.view(c.id, null)).competition.status).toBe("upcoming");
  clock = T0;
  await Promise.all([wc.tick(), wc.tick(), wc.transition(c.id, "registration", null)]);
  expect((await wc.transitions(c.id)).map((t) => [t.fromStatus, t.toStatus, t.byUserId])).toEqual([["upcoming", "registration", null]]);
  expect(await wc.transition(c.id, "registration", null)).toBe(false);
  // Kick-off with too few countries: it stays in registration and says why.
  await expect(wc.transition(c.id, "active", null)).rejects.toMatchObject({ reason: "NOT_ENOUGH_TEAMS" });
  await expect(wc.create({ name: "Bad", registrationAt: T0, startsAt: KICKOFF + 1, roundHours: 1 })).rejects.toMatchObject({ reason: "INVALID_SCHEDULE" });
});

test("a simulated tournament: registration, the draw seeded by recent hashrate, live scores, the knockout and the champion", async () => {
  const seen: string[] = [];
  wc.events.on("compete.transition", (e) => void seen.push(`${e.from}>${e.to}`));
  const c = await wc.create({ name: "World Cup 2026", registrationAt: T0, startsAt: KICKOFF, roundHours: 1, minMiners: 2 });
  clock = T0;
  await wc.tick();
  const noCountry = await storage.repos.users.insertUser({ btcAddress: "bc1qnocountry" }, T0);
  await expect(wc.register(noCountry.id, c.id)).rejects.toMatchObject({ reason: "COUNTRY_REQUIRED" });
  for (const p of players) expect(await wc.register(p.id, c.id)).toEqual({ countryCode: p.country, registered: true });
  expect(await wc.register(players[0]!.id, c.id)).toEqual({ countryCode: "PT", registered: false });
  await everyoneMines(T0 + 30 * 60_000); // the week before kick-off: seeds

  clock = KICKOFF;
  await wc.tick();
  let v = await wc.view(c.id, players[0]!.id);
  expect(v.competition.status).toBe("active");
  expect(v.teams.map((t) => [t.seed, t.countryCode, t.miners])).toEqual([[1, "PT", 2], [2, "DE", 2], [3, "JP", 2]]);
  expect(v.myCountry).toBe("PT");
  // Participants: badge and 200 XP; the US miner (no team) gets nothing.
  await game.idle();
  const xp = await testQuery(storage, "SELECT user_id, amount FROM xp_ledger WHERE source = 'world_cup' ORDER BY user_id");
  expect(xp.map((r) => r.amount)).toEqual([200, 200, 200, 200, 200, 200]);
  expect((await testQuery(storage, "SELECT count(*) AS n FROM user_badges WHERE slug = 'world_cup_participant'"))[0]!.n).toBe(6);

  // Matchday 1 (hour 0): one group of three, DE v JP (PT rests). Live score half-way, from the shares so far.
  clock = KICKOFF + 30 * 60_000;
  await everyoneMines(KICKOFF + 10 * 60_000);
  v = await wc.view(c.id, null);
  const live = v.matches.find((m) => m.status === "live")!;
  expect([live.teamA, live.teamB, live.scoreA, live.scoreB]).toEqual(["DE", "JP", 4000, 2000]);

  // Hours 1 and 2: the other matchdays; hour 3: the final.
  for (let h = 1; h <= 3; h++) {
    clock = KICKOFF + h * HOUR + 5 * 60_000;
    await everyoneMines(clock);
    await wc.tick();
  }
  v = await wc.view(c.id, null);
  expect(v.tables.A!.map((r) => [r.countryCode, r.points, r.played])).toEqual([["PT", 6, 2], ["DE", 3, 2], ["JP", 0, 2]]);
  const final = v.matches.find((m) => m.round === "final")!;
  expect([final.teamA, final.teamB, final.status, final.scoreA, final.scoreB]).toEqual(["PT", "DE", "live", 6000, 4000]);

  clock = KICKOFF + 4 * HOUR;
  await wc.tick();
  v = await wc.view(c.id, null);
  expect(v.competition).toMatchObject({ status: "completed", champion: "PT" });
  expect(v.matches.find((m) => m.round === "final")).toMatchObject({ status: "completed", winner: "PT" });
  await game.idle();
  const winners = await testQuery<{ user_id: number }>(storage, "SELECT user_id FROM user_badges WHERE slug = 'world_cup_winner' ORDER BY user_id");
  expect(winners.map((r) => r.user_id)).toEqual(players.filter((p) => p.country === "PT").map((p) => p.id));
  expect((await wc.transitions(c.id)).map((t) => t.toStatus)).toEqual(["registration", "active", "completed"]);
  await expect(wc.transition(c.id, "registration", 1)).rejects.toMatchObject({ reason: "ILLEGAL_TRANSITION" });
  await wc.tick(); // nothing left to do
  expect((await wc.transitions(c.id)).length).toBe(3);
  await wc.stop();
  expect(seen).toEqual(["upcoming>registration", "registration>active", "active>completed"]);
});
