// How a match is decided and how a group is ranked. A team's score in a match is the sum of the
// difficulties of the accepted shares its registered miners submitted inside the match window
// (difficulty-weighted shares, from the stored mining data, so it can be computed again).
//
// Tie-break (knockout): on equal scores the team seeded higher at the draw — the one with more
// recent hashrate — goes through. In a group an equal score is a draw (1 point each).
// Group table: 3 points a win, 1 a draw; ranked by points, then share difference (for − against),
// then shares for, then seed.

export interface Side {
  seed: number;
  score: number;
}

/** The knockout winner's seed. */
export function knockoutWinner(a: Side, b: Side): number {
  if (a.score !== b.score) return a.score > b.score ? a.seed : b.seed;
  return Math.min(a.seed, b.seed);
}

/** A group match: the winner's seed, or null for a draw. */
export function groupWinner(a: Side, b: Side): number | null {
  return a.score === b.score ? null : a.score > b.score ? a.seed : b.seed;
}

export interface TableRow {
  seed: number;
  played: number;
  won: number;
  drawn: number;
  lost: number;
  points: number;
  diffFor: number;
  diffAgainst: number;
}

export const POINTS = { win: 3, draw: 1, loss: 0 } as const;

/** The group's table from its played matches, best first. */
export function groupTable(seeds: readonly number[], played: readonly { a: Side; b: Side }[]): TableRow[] {
  const rows = new Map(seeds.map((seed) => [seed, { seed, played: 0, won: 0, drawn: 0, lost: 0, points: 0, diffFor: 0, diffAgainst: 0 }]));
  for (const m of played) {
    const ra = rows.get(m.a.seed)!;
    const rb = rows.get(m.b.seed)!;
    ra.played++;
    rb.played++;
    ra.diffFor += m.a.score;
    ra.diffAgainst += m.b.score;
    rb.diffFor += m.b.score;
    rb.diffAgainst += m.a.score;
    const w = groupWinner(m.a, m.b);
    if (w === null) {
      ra.drawn++;
      rb.drawn++;
      ra.points += POINTS.draw;
      rb.points += POINTS.draw;
    } else {
      const [win, loss] = w === m.a.seed ? [ra, rb] : [rb, ra];
      win.won++;
      loss.lost++;
      win.points += POINTS.win;
    }
  }
  return [...rows.values()].sort((x, y) => y.points - x.points || y.diffFor - y.diffAgainst - (x.diffFor - x.diffAgainst) || y.diffFor - x.diffFor || x.seed - y.seed);
}
