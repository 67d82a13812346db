// The World Cup's rules as pure functions: every transition of the state machine, the draw for
// every field size from 3 to 48 teams, the scoring and tie-break, and a whole tournament run on a
// known share stream with a clock moved from kick-off to the champion.
import { describe, expect, test } from "bun:test";
import { bracketOrder, drawGroups, drawKnockout, MAX_TEAMS, MIN_TEAMS, nextPow2, roundRobin } from "./bracket.ts";
import { groupTable, knockoutWinner } from "./scoring.ts";
import { assertTransition, checkTransition, STATES, type CompetitionState } from "./states.ts";
import { simulate } from "./tournament.ts";

describe("state machine", () => {
  const legal: [CompetitionState, CompetitionState][] = [["upcoming", "registration"], ["registration", "active"], ["active", "completed"]];
  for (const from of STATES)
    for (const to of STATES) {
      const kind = from === to ? "already" : legal.some(([f, t]) => f === from && t === to) ? "move" : "illegal";
      test(`${from} → ${to}: ${kind}`, () => {
        expect(checkTransition(from, to).kind).toBe(kind);
        if (kind === "illegal") expect(() => assertTransition(from, to)).toThrow(expect.objectContaining({ code: "CONFLICT", reason: "ILLEGAL_TRANSITION" }));
        else expect(assertTransition(from, to)).toBe(kind === "move");
      });
    }
});

describe("the draw, for every field from 3 to 48 teams", () => {
  for (let n = MIN_TEAMS; n <= MAX_TEAMS; n++)
    test(`${n} teams`, () => {
      const groups = drawGroups(n);
      const sizes = groups.map((g) => g.seeds.length);
      expect(Math.max(...sizes)).toBeLessThanOrEqual(4);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      expect(groups.length).toBe(Math.ceil(n / 4));
      // Every team once; the top seeds spread one per group.
      expect(groups.flatMap((g) => g.seeds).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
      expect(groups.map((g) => g.seeds[0])).toEqual(Array.from({ length: groups.length }, (_, i) => i + 1));
      for (const g of groups) expect(roundRobin(g).length).toBe((g.seeds.length * (g.seeds.length - 1)) / 2);

      const ko = drawKnockout(groups);
      const qualifiers = groups.reduce((s, g) => s + Math.min(2, g.seeds.length), 0);
      const size = nextPow2(qualifiers);
      expect(ko.length).toBe(size - 1);
      const first = ko.slice(0, size / 2);
      const slots = first.flatMap((m) => [m.a, m.b]);
      const byes = slots.filter((s) => s === null).length;
      expect(byes).toBe(size - qualifiers);
      expect(first.every((m) => m.a !== null || m.b !== null)).toBe(true);
      // Each qualifier exactly once; byes go to the best knockout seeds (group winners first).
      const name = (s: unknown) => `${(s as { group: string }).group}${(s as { place: number }).place}`;
      const names = slots.filter((s) => s !== null).map(name);
      expect(new Set(names).size).toBe(qualifiers);
      const koSeeds = [1, 2].flatMap((place) => groups.filter((g) => g.seeds.length >= place).map((g) => `${g.name}${place}`));
      const byeTakers = first.filter((m) => m.a === null || m.b === null).map((m) => name(m.a ?? m.b));
      expect(byeTakers.sort()).toEqual(koSeeds.slice(0, byes).sort());
      // A group winner never meets its own group's runner-up in the first round (a single group meets in the final).
      if (groups.length > 1) for (const m of first) if (m.a && m.b) expect((m.a as { group: string }).group === (m.b as { group: string }).group).toBe(false);
      expect(ko[ko.length - 1]!.round).toBe("final");
    });

  test("outside 3–48 teams there is no draw", () => {
    expect(() => drawGroups(2)).toThrow(RangeError);
    expect(() => drawGroups(49)).toThrow(RangeError);
  });

  test("the bracket order keeps seeds 1 and 2 apart until the final", () => {
    expect(bracketOrder(8)).toEqual([1, 8, 4, 5, 2, 7, 3, 6]);
  });
});

describe("scoring", () => {
  test("the higher difficulty-weighted score wins; on a tie the higher seed goes through", () => {
    expect(knockoutWinner({ seed: 3, score: 10 }, { seed: 1, score: 9 })).toBe(3);
    expect(knockoutWinner({ seed: 3, score: 10 }, { seed: 1, score: 10 })).toBe(1);
  });
  test("group table: 3 for a win, 1 for a draw; then share difference, shares, seed", () => {
    const t = groupTable([1, 2, 3], [
      { a: { seed: 1, score: 5 }, b: { seed: 2, score: 5 } },
      { a: { seed: 1, score: 1 }, b: { seed: 3, score: 9 } },
      { a: { seed: 2, score: 7 }, b: { seed: 3, score: 2 } },
    ]);
    expect(t.map((r) => [r.seed, r.points, r.played])).toEqual([[2, 4, 2], [3, 3, 2], [1, 1, 2]]);
  });
});

test("a whole tournament on a known share stream, clock moved from before kick-off to the champion", () => {
  const HOUR = 3_600_000;
  const start = Date.UTC(2026, 11, 7);
  const schedule = { startsAt: start, roundMs: HOUR };
  // Seed s submits shares of difficulty 100 × (strength) every minute; seed 5 has a surge late on.
  const strength = (seed: number, at: number) => (seed === 5 && at >= start + 3 * HOUR ? 50 : 10 - seed);
  const score = (seed: number, from: number, to: number) => {
    let sum = 0;
    for (let t = Math.ceil(from / 60_000) * 60_000; t < to; t += 60_000) sum += 100 * strength(seed, t);
    return sum;
  };
  const teams = 6;

  const before = simulate(teams, schedule, score, start - 1);
  expect(before.matches.every((m) => m.status === "scheduled" || m.a === null || m.b === null)).toBe(true);
  expect(before.champion).toBeNull();

  // Half-way through matchday 1: live scores, counting only the shares so far.
  const live = simulate(teams, schedule, score, start + 30 * 60_000);
  const liveMatch = live.matches.find((m) => m.status === "live")!;
  expect(liveMatch.scoreA).toBe(30 * 100 * strength(liveMatch.a!, start));

  // Groups: A = seeds 1, 4, 5; B = 2, 3, 6 (snake); three matchdays for groups of three.
  const afterGroups = simulate(teams, schedule, score, start + 3 * HOUR);
  expect(afterGroups.groups.map((g) => g.seeds)).toEqual([[1, 4, 5], [2, 3, 6]]);
  expect(afterGroups.tables.A!.map((r) => r.seed)).toEqual([1, 4, 5]);
  expect(afterGroups.tables.B!.map((r) => r.seed)).toEqual([2, 3, 6]);
  expect(afterGroups.tables.A![0]).toMatchObject({ played: 2, won: 2, points: 6 });

  // Semis (4 qualifiers: A1 v B2, B1 v A2) in hour 4, final in hour 5.
  const semis = afterGroups.matches.filter((m) => m.round === "semi");
  expect(semis.map((m) => [m.a, m.b])).toEqual([[1, 3], [2, 4]]);
  const done = simulate(teams, schedule, score, start + 5 * HOUR);
  expect(done.matches.filter((m) => m.round === "semi").map((m) => m.winner)).toEqual([1, 2]);
  expect(done.matches.find((m) => m.round === "final")).toMatchObject({ a: 1, b: 2, status: "completed", winner: 1 });
  expect(done.champion).toBe(1);
  expect(done.endsAt).toBe(start + 5 * HOUR);
  // The same data and clock give the same tournament.
  expect(simulate(teams, schedule, score, start + 5 * HOUR)).toEqual(done);
});
