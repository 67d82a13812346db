// What the other features' events mean for the activity feed and the notification centre: a
// lottery win earns the Lucky Ticket badge, notifies its winner and is news for everyone; a finished track, a coop founded or
// joined, a World Cup kick-off or champion, and a league promotion go to the feed (a promoted or
// relegated player is also told in their notification centre), and a player paid by an airdrop
// distribution is told in theirs. Each entry is keyed by what it
// reports (`ref`), so an event delivered twice writes once. The features publish after their own
// commit; a failed write here is logged and never undoes what happened.
import type { EventSource } from "../events.ts";
import type { Logger } from "../log.ts";
import type { LotteryEventMap } from "../compete/lottery.ts";
import type { WorldCupEventMap } from "../compete/worldcup/service.ts";
import type { LeagueEventMap } from "../compete/leagues/service.ts";
import type { LearnEventMap } from "../learn/service.ts";
import type { SocialEventMap } from "../social/coops.ts";
import type { TokensEventMap } from "../tokens/service.ts";
import { displayTokens } from "../tokens/units.ts";
import type { Game } from "./service.ts";
import { utcDay } from "../core/time.ts";

export interface FeatureSources {
  lottery?: EventSource<LotteryEventMap>;
  learn?: EventSource<LearnEventMap>;
  coops?: EventSource<SocialEventMap>;
  worldCup?: EventSource<WorldCupEventMap>;
  leagues?: EventSource<LeagueEventMap>;
  tokens?: EventSource<Pick<TokensEventMap, "tokens.airdrop_received">>;
}

const PLACES = ["1st", "2nd", "3rd"] as const;
const place = (position: number) => PLACES[position - 1] ?? `${position}th`;

export interface FollowedFeatures {
  /** Resolves when every write started so far has landed (tests; shutdown before the game stops). */
  idle(): Promise<void>;
  stop(): void;
}

/** Subscribes the game to the features' events. */
export function followFeatures(game: Pick<Game, "notify" | "addFeed" | "grantBadge">, src: FeatureSources, log: Logger): FollowedFeatures {
  const offs: (() => void)[] = [];
  const pending = new Set<Promise<unknown>>();
  const guard = (what: string, p: Promise<unknown>) => {
    const tracked = p.catch((err) => log.warn("feed/notification write failed", { what, err: String(err) })).finally(() => pending.delete(tracked));
    pending.add(tracked);
  };
  const keep = { keep: () => true } as const;

  if (src.lottery) {
    offs.push(
      src.lottery.on("lottery.won", (e) => {
        const week = utcDay(e.weekStart);
        guard("lottery.won", game.notify(e.userId, "lottery_win", `You won ${place(e.position)} prize in the weekly lottery`, `Week of ${week}: +${e.xp} XP. The draw page shows the block that picked you.`, { weekStart: e.weekStart, position: e.position, xp: e.xp }, `lottery_won:${week}:${e.position}`));
        guard("lottery.won", game.grantBadge(e.userId, "lottery_winner", `lottery:${week}`));
        guard("lottery.won", game.addFeed({ kind: "lottery_won", userId: e.userId, action: `won ${place(e.position)} prize in the weekly lottery`, data: { weekStart: e.weekStart, position: e.position }, global: true, ref: `lottery_won:${week}:${e.position}` }));
      }, { name: "game.lottery", ...keep }),
    );
  }
  if (src.learn) {
    offs.push(
      src.learn.on("learn.track_completed", (e) => {
        guard("learn.track_completed", game.addFeed({ kind: "track_completed", userId: e.userId, action: `finished the "${e.title}" track`, data: { track: e.track }, global: true, ref: `track:${e.userId}:${e.track}` }));
      }, { name: "game.learn", ...keep }),
    );
  }
  if (src.coops) {
    offs.push(
      src.coops.on("social.coop_created", (e) => {
        guard("social.coop_created", game.addFeed({ kind: "coop_created", userId: e.userId, action: `founded the cooperative ${e.name}`, data: { coopId: e.coopId }, global: true, ref: `coop_created:${e.coopId}` }));
      }, { name: "game.coops", ...keep }),
      src.coops.on("social.coop_joined", (e) => {
        guard("social.coop_joined", game.addFeed({ kind: "coop_joined", userId: e.userId, action: `joined the cooperative ${e.name}`, data: { coopId: e.coopId }, global: true, ref: `coop_joined:${e.coopId}:${e.userId}:${e.at}` }));
      }, { name: "game.coops", ...keep }),
    );
  }
  if (src.worldCup) {
    offs.push(
      src.worldCup.on("compete.transition", (e) => {
        if (e.to !== "active" && e.to !== "registration") return;
        const action = e.to === "active" ? "The World Cup has kicked off: every share now counts for your country." : "World Cup registration is open: sign up for your country's team.";
        guard("compete.transition", game.addFeed({ kind: "world_cup", userId: null, action, data: { competitionId: e.competitionId, state: e.to }, global: true, ref: `world_cup:${e.competitionId}:${e.to}` }));
      }, { name: "game.worldcup", ...keep }),
      src.worldCup.on("compete.champion", (e) => {
        guard("compete.champion", game.addFeed({ kind: "world_cup_champion", userId: null, action: `${e.countryCode} won the World Cup.`, data: { competitionId: e.competitionId, country: e.countryCode }, global: true, ref: `world_cup:${e.competitionId}:champion` }));
      }, { name: "game.worldcup", ...keep }),
    );
  }
  if (src.leagues) {
    offs.push(
      src.leagues.on("compete.league_promoted", (e) => {
        const ref = `league_promoted:${e.season}:${e.userId}`;
        guard("compete.league_promoted", game.addFeed({ kind: "league_promoted", userId: e.userId, action: `was promoted to the ${e.league}`, data: { season: e.season, tier: e.toTier }, global: true, ref }));
        guard("compete.league_promoted", game.notify(e.userId, "league_promoted", `Promoted to the ${e.league}`, `You finished season ${e.season} in the promotion zone: next season you play one tier up.`, { season: e.season, tier: e.toTier }, ref));
      }, { name: "game.leagues", ...keep }),
      src.leagues.on("compete.league_season_ended", (e) => {
        const action = `League season ${e.season} is over: ${e.promoted} promoted, ${e.relegated} relegated. Season ${e.next} has begun.`;
        guard("compete.league_season_ended", game.addFeed({ kind: "league_season", userId: null, action, data: { season: e.season, next: e.next }, global: true, ref: `league_season:${e.season}` }));
      }, { name: "game.leagues", ...keep }),
      src.leagues.on("compete.league_relegated", (e) => {
        guard("compete.league_relegated", game.notify(e.userId, "league_relegated", `Down to the ${e.league}`, `You finished season ${e.season} in the relegation zone: win the promotion zone back next season.`, { season: e.season, tier: e.toTier }, `league_relegated:${e.season}:${e.userId}`));
      }, { name: "game.leagues", ...keep }),
    );
  }
  if (src.tokens) {
    offs.push(
      src.tokens.on("tokens.airdrop_received", (e) => {
        const body = e.method === "LOTTERY" ? `Your ticket in "${e.name}" was drawn: the tokens are in your wallet.` : e.method === "PROPORTIONAL" ? `Your share of "${e.name}", by the tokens you have earned, is in your wallet.` : `Your share of "${e.name}" is in your wallet.`;
        guard("tokens.airdrop_received", game.notify(e.userId, "airdrop_received", `Airdrop: +${displayTokens(e.amount)} tokens`, body, { airdropId: e.airdropId, amount: e.amount }, `airdrop:${e.airdropId}`));
      }, { name: "game.tokens", ...keep }),
    );
  }
  return {
    async idle() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    stop() {
      for (const off of offs.splice(0)) off();
    },
  };
}
