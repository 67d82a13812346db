// A whole World Cup from the draw to the champion, as a function of time: the schedule gives
// every round a window (group matchdays, then each knockout round), and `at(now)` tells what is
// decided by then — finished matches with their scores, group tables, the bracket so far and the
// champion. Scores come from `score(seed, from, to)`: the difficulty-weighted shares of the
// team's miners in [from, to) read from stored mining data, so the same data and the same clock
// always give the same tournament (a service stores what this computes as rounds end).
import { drawGroups, drawKnockout, roundRobin, type Group, type KnockoutMatch, type Slot } from "./bracket.ts";
import { groupTable, knockoutWinner, type TableRow } from "./scoring.ts";

export interface Schedule {
  /** When the first group matchday starts (unix ms). */
  startsAt: number;
  /** Length of one round's window: every group matchday and every knockout round. */
  roundMs: number;
}

export type ScoreFn = (seed: number, from: number, to: number) => number;

export interface PlayedMatch {
  stage: "group" | "knockout";
  round: string;
  /** Group letter, or the knockout match's 1-based index. */
  key: string;
  a: number | null;
  b: number | null;
  startsAt: number;
  endsAt: number;
  status: "scheduled" | "live" | "completed";
  scoreA: number;
  scoreB: number;
  winner: number | null;
}

export interface TournamentView {
  groups: Group[];
  tables: Record<string, TableRow[]>;
  matches: PlayedMatch[];
  champion: number | null;
  /** When the final ends: the competition is completed from then on. */
  endsAt: number;
}

/** Group matchdays: a round robin of four is three matchdays of two matches (circle method). */
function matchdays(g: Group): { a: number; b: number }[][] {
  const teams: (number | null)[] = [...g.seeds];
  if (teams.length % 2) teams.push(null);
  const n = teams.length;
  const days: { a: number; b: number }[][] = [];
  for (let r = 0; r < n - 1; r++) {
    const day: { a: number; b: number }[] = [];
    for (let i = 0; i < n / 2; i++) {
      const x = teams[i]!;
      const y = teams[n - 1 - i]!;
      if (x !== null && y !== null) day.push(x < y ? { a: x, b: y } : { a: y, b: x });
    }
    days.push(day);
    teams.splice(1, 0, teams.pop()!);
  }
  return days;
}

export function simulate(teams: number, schedule: Schedule, score: ScoreFn, now: number): TournamentView {
  const groups = drawGroups(teams);
  const matches: PlayedMatch[] = [];
  const dayCount = Math.max(...groups.map((g) => matchdays(g).length));
  const window = (round: number) => ({ startsAt: schedule.startsAt + round * schedule.roundMs, endsAt: schedule.startsAt + (round + 1) * schedule.roundMs });
  const play = (stage: PlayedMatch["stage"], round: string, key: string, a: number | null, b: number | null, w: { startsAt: number; endsAt: number }, decide: (sa: number, sb: number) => number | null): PlayedMatch => {
    const status = now >= w.endsAt ? "completed" : now >= w.startsAt ? "live" : "scheduled";
    // A live match shows its score so far; a bye is decided at once.
    const upto = Math.min(now, w.endsAt);
    const scoreA = a !== null && status !== "scheduled" ? score(a, w.startsAt, upto) : 0;
    const scoreB = b !== null && status !== "scheduled" ? score(b, w.startsAt, upto) : 0;
    const winner = a === null || b === null ? (a ?? b) : status === "completed" ? decide(scoreA, scoreB) : null;
    return { stage, round, key, a, b, ...w, status: a === null || b === null ? "completed" : status, scoreA, scoreB, winner };
  };

  const tables: Record<string, TableRow[]> = {};
  for (const g of groups) {
    const days = matchdays(g);
    const done: { a: { seed: number; score: number }; b: { seed: number; score: number } }[] = [];
    days.forEach((day, d) => {
      for (const m of day) {
        const pm = play("group", `group_${g.name.toLowerCase()}`, g.name, m.a, m.b, window(d), (sa, sb) => (sa === sb ? null : sa > sb ? m.a : m.b));
        matches.push(pm);
        if (pm.status === "completed") done.push({ a: { seed: m.a, score: pm.scoreA }, b: { seed: m.b, score: pm.scoreB } });
      }
    });
    tables[g.name] = groupTable(g.seeds, done);
  }
  const groupsOver = now >= window(dayCount - 1).endsAt;
  const placed = (s: Slot): number | null => (groupsOver ? (tables[s.group]?.[s.place - 1]?.seed ?? null) : null);

  const ko: KnockoutMatch[] = drawKnockout(groups);
  const results: PlayedMatch[] = [];
  const rounds = [...new Set(ko.map((k) => k.round))];
  for (const [i, k] of ko.entries()) {
    const w = window(dayCount + rounds.indexOf(k.round));
    const side = (x: KnockoutMatch["a"]): number | null | undefined => {
      if (x === null) return null; // a bye
      if ("winnerOf" in x) return results[x.winnerOf - 1]?.winner ?? undefined;
      return placed(x) ?? undefined;
    };
    const a = side(k.a);
    const b = side(k.b);
    // undefined: not known yet (its feeder is still to be played).
    const pm: PlayedMatch =
      a === undefined || b === undefined
        ? { stage: "knockout", round: k.round, key: String(i + 1), a: a ?? null, b: b ?? null, ...w, status: "scheduled", scoreA: 0, scoreB: 0, winner: null }
        : play("knockout", k.round, String(i + 1), a, b, w, (sa, sb) => knockoutWinner({ seed: a!, score: sa }, { seed: b!, score: sb }));
    results.push(pm);
  }
  matches.push(...results);
  const final = results[results.length - 1]!;
  return { groups, tables, matches, champion: final.status === "completed" ? final.winner : null, endsAt: final.endsAt };
}
