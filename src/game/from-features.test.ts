// The features' events reaching the feed and the notification centre (src/game/from-features.ts),
// on the engine the suite runs on: a lottery win notifies its winner (unless switched off) and is
// pool news; tracks, coops and the World Cup go to the feed; an event delivered twice writes once.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { openStorage, type Storage } from "../db/storage.ts";
import { testDatabaseTarget } from "../../test/storage.ts";
import { createEventBus, type EventBus } from "../events.ts";
import { silentLogger } from "../log.ts";
import type { LotteryEventMap } from "../compete/lottery.ts";
import type { WorldCupEventMap } from "../compete/worldcup/service.ts";
import type { LeagueEventMap } from "../compete/leagues/service.ts";
import type { LearnEventMap } from "../learn/service.ts";
import type { SocialEventMap } from "../social/coops.ts";
import { followFeatures, type FollowedFeatures } from "./from-features.ts";
import { createGame, type Game } from "./service.ts";

const WED = Date.UTC(2026, 10, 25, 10, 0, 0);
const MON = Date.UTC(2026, 10, 23);

let storage: Storage;
let game: Game;
let lottery: EventBus<LotteryEventMap>;
let learn: EventBus<LearnEventMap>;
let coops: EventBus<SocialEventMap>;
let worldCup: EventBus<WorldCupEventMap>;
let leagues: EventBus<LeagueEventMap>;
let followed: FollowedFeatures;

beforeEach(async () => {
  storage = await openStorage(await testDatabaseTarget("game-from-features"));
  game = createGame({ repos: storage.repos, log: silentLogger, now: () => WED });
  lottery = createEventBus();
  learn = createEventBus();
  coops = createEventBus();
  worldCup = createEventBus();
  leagues = createEventBus();
  followed = followFeatures(game, { lottery, learn, coops, worldCup, leagues }, silentLogger);
});
afterEach(async () => {
  followed.stop();
  await game.stop();
  await storage.close();
});

const user = async (address: string) => (await storage.repos.users.insertUser({ btcAddress: address }, WED)).id;
const settle = async () => {
  for (const b of [lottery, learn, coops, worldCup, leagues]) await b.drain();
  await followed.idle();
};

test("a lottery win: the winner's notification once (even when the event comes twice), and pool news naming them", async () => {
  const me = await user("bc1qfromfeatures000000000000000000000000000");
  const won = { userId: me, weekStart: MON, position: 1, xp: 500, at: WED };
  lottery.publish("lottery.won", won);
  lottery.publish("lottery.won", won);
  await settle();
  const notes = await game.notifications(me, { limit: 10 });
  expect(notes.map((n) => [n.type, n.title])).toContainEqual(["lottery_win", "You won 1st prize in the weekly lottery"]);
  expect(notes.filter((n) => n.type === "lottery_win")).toHaveLength(1);
  const feed = await game.feed({ scope: "global" }, null, 10);
  expect(feed.entries.map((e) => [e.kind, e.text])).toContainEqual(["lottery_won", "bc1qfrom…0000 won 1st prize in the weekly lottery"]);
  await game.idle();
  expect((await storage.repos.game.listBadges(me)).map((b) => b.slug)).toEqual(["lottery_winner"]);
});

test("lottery notifications follow the player's switch; the feed entry still appears", async () => {
  const me = await user("bc1qfromfeatures111111111111111111111111111");
  await storage.repos.users.updateSettings(me, { notificationLottery: false }, WED);
  lottery.publish("lottery.won", { userId: me, weekStart: MON, position: 3, xp: 100, at: WED });
  await settle();
  expect((await game.notifications(me, { limit: 10 })).filter((n) => n.type === "lottery_win")).toEqual([]);
  expect((await game.feed({ scope: "global" }, null, 10)).entries.map((e) => e.kind)).toContain("lottery_won");
});

test("a finished track, a coop founded and joined, the World Cup's kick-off and champion are pool news; a hidden player is 'A miner'", async () => {
  const a = await user("bc1qfromfeatures222222222222222222222222222");
  const b = await user("bc1qfromfeatures333333333333333333333333333");
  await storage.repos.users.updateSettings(b, { privacyShowProfile: false }, WED);
  learn.publish("learn.track_completed", { userId: a, track: "what-is-mining", title: "What is mining", xp: 150, levelUp: null, allTracksDone: false, at: WED });
  coops.publish("social.coop_created", { coopId: 7, name: "Hash Hut", userId: a, at: WED });
  coops.publish("social.coop_joined", { coopId: 7, name: "Hash Hut", userId: b, via: "invite", at: WED + 1 });
  worldCup.publish("compete.transition", { competitionId: 1, from: "registration", to: "active", at: WED, byUserId: null });
  worldCup.publish("compete.transition", { competitionId: 1, from: "upcoming", to: "upcoming", at: WED, byUserId: null } as never);
  worldCup.publish("compete.champion", { competitionId: 1, countryCode: "PT", at: WED });
  await settle();
  const texts = (await game.feed({ scope: "global" }, null, 20)).entries.map((e) => e.text).sort();
  expect(texts).toEqual([
    "A miner joined the cooperative Hash Hut",
    "PT won the World Cup.",
    "The World Cup has kicked off: every share now counts for your country.",
    "bc1qfrom…2222 finished the \"What is mining\" track",
    "bc1qfrom…2222 founded the cooperative Hash Hut",
  ].sort());
});

test("a league season's end and a promotion are pool news (once); promoted and relegated players are notified; a relegation is not news", async () => {
  const up = await user("bc1qfromfeatures444444444444444444444444444");
  const down = await user("bc1qfromfeatures555555555555555555555555555");
  const promoted = { season: 2, userId: up, fromTier: 2, toTier: 1, league: "Diamond League", at: WED };
  leagues.publish("compete.league_promoted", promoted);
  leagues.publish("compete.league_promoted", promoted);
  leagues.publish("compete.league_relegated", { season: 2, userId: down, fromTier: 1, toTier: 2, league: "Platinum League", at: WED });
  const ended = { season: 2, clubs: 40, promoted: 1, relegated: 1, at: WED, next: 3 };
  leagues.publish("compete.league_season_ended", ended);
  leagues.publish("compete.league_season_ended", ended);
  await settle();
  const feed = (await game.feed({ scope: "global" }, null, 20)).entries;
  expect(feed.map((e) => [e.kind, e.text]).sort()).toEqual([
    ["league_promoted", "bc1qfrom…4444 was promoted to the Diamond League"],
    ["league_season", "League season 2 is over: 1 promoted, 1 relegated. Season 3 has begun."],
  ]);
  expect((await game.notifications(up, { limit: 10 })).map((n) => [n.type, n.title])).toEqual([["league_promoted", "Promoted to the Diamond League"]]);
  expect((await game.notifications(down, { limit: 10 })).map((n) => [n.type, n.title])).toEqual([["league_relegated", "Down to the Platinum League"]]);
});
