// The draw: countries seeded by their recent hashrate (seed 1 = strongest) go into groups of at
// most four by snake seeding (1→A, 2→B, … then back), so every group gets one strong team; each
// group plays a round robin. The top two of each group go to a knockout sized to the next power
// of two: group winners take the high seeds, so when the field is not a power of two the byes
// (a missing opponent: the team goes through without playing) fall to the best group winners.
// Pure functions: the same teams give the same draw, so a draw can be re-checked from its inputs.

export const GROUP_SIZE = 4;
export const ADVANCE_PER_GROUP = 2;
export const MIN_TEAMS = 3;
export const MAX_TEAMS = 48;

export interface Group {
  name: string;
  /** Team seeds (1-based), strongest first. */
  seeds: number[];
}

export interface GroupMatch {
  group: string;
  a: number;
  b: number;
}

/** A knockout slot: the team that finished `place` in `group` (filled when the group ends). */
export interface Slot {
  group: string;
  place: number;
}

export interface KnockoutMatch {
  round: string;
  /** 1-based within its round, top of the bracket first. */
  number: number;
  /** First-round slots (null: a bye); later rounds name the two earlier matches whose winners meet (1-based index into the list drawKnockout returns). */
  a: Slot | { winnerOf: number } | null;
  b: Slot | { winnerOf: number } | null;
}

const groupName = (i: number) => String.fromCharCode(65 + i); // A, B, C…

/** Groups for `teams` seeds (1..teams): as few groups as hold them at ≤ 4 each, sizes differing by at most one. */
export function drawGroups(teams: number): Group[] {
  if (!Number.isInteger(teams) || teams < MIN_TEAMS || teams > MAX_TEAMS) throw new RangeError(`a World Cup needs ${MIN_TEAMS} to ${MAX_TEAMS} teams (got ${teams})`);
  const n = Math.ceil(teams / GROUP_SIZE);
  const groups: Group[] = Array.from({ length: n }, (_, i) => ({ name: groupName(i), seeds: [] }));
  for (let s = 1; s <= teams; s++) {
    const lap = Math.floor((s - 1) / n);
    const i = (s - 1) % n;
    groups[lap % 2 === 0 ? i : n - 1 - i]!.seeds.push(s);
  }
  return groups;
}

/** Every pairing of a group once (round robin): 6 matches for 4 teams, 3 for 3, 1 for 2. */
export function roundRobin(g: Group): GroupMatch[] {
  const out: GroupMatch[] = [];
  for (let i = 0; i < g.seeds.length; i++) for (let j = i + 1; j < g.seeds.length; j++) out.push({ group: g.name, a: g.seeds[i]!, b: g.seeds[j]! });
  return out;
}

export const nextPow2 = (n: number) => 2 ** Math.ceil(Math.log2(Math.max(2, n)));

/** The round's name from how many teams it starts with. */
export function roundName(size: number): string {
  return size === 2 ? "final" : size === 4 ? "semi" : size === 8 ? "quarter" : `round_of_${size}`;
}

/** Standard bracket order of seeds 1..size: 1 meets size, and 1 and 2 can only meet in the final. */
export function bracketOrder(size: number): number[] {
  let order = [1];
  while (order.length < size) {
    const n = order.length * 2;
    order = order.flatMap((s) => [s, n + 1 - s]);
  }
  return order;
}

/**
 * The knockout from the groups: knockout seeds are the group winners (A1, B1, …) then the
 * runners-up (A2, B2, …), so with a full bracket seed k (a winner) meets seed 2g+1−k, another
 * group's runner-up (A1 v B2 and B1 v A2 for two groups). Seeds past the qualifiers are byes: the
 * best group winners' (and, when there are more byes than winners, the best runners-up's).
 */
const sameGroup = (x: KnockoutMatch["a"], y: KnockoutMatch["a"]) => x !== null && y !== null && "group" in x && "group" in y && x.group === y.group;

/** Where a first-round match pairs a group's winner with its own runner-up (odd group counts), swaps that runner-up with another match's. */
function avoidRematches(round: KnockoutMatch[]): void {
  for (const m of round) {
    if (!sameGroup(m.a, m.b)) continue;
    for (const o of round) {
      if (o === m || o.b === null || !("group" in o.b) || o.b.place !== 2) continue;
      if (!sameGroup(m.a, o.b) && !sameGroup(o.a, m.b)) {
        [m.b, o.b] = [o.b, m.b];
        break;
      }
    }
  }
}

export function drawKnockout(groups: Group[]): KnockoutMatch[] {
  const qualifiers: Slot[] = [];
  for (let place = 1; place <= ADVANCE_PER_GROUP; place++) {
    const row = groups.filter((g) => g.seeds.length >= place).map((g) => ({ group: g.name, place }));
    qualifiers.push(...row);
  }
  const size = nextPow2(qualifiers.length);
  const order = bracketOrder(size);
  const out: KnockoutMatch[] = [];
  let round: KnockoutMatch[] = [];
  for (let i = 0; i < size; i += 2) round.push({ round: roundName(size), number: i / 2 + 1, a: qualifiers[order[i]! - 1] ?? null, b: qualifiers[order[i + 1]! - 1] ?? null });
  avoidRematches(round);
  out.push(...round);
  let teams = size / 2;
  let offset = 0;
  while (teams >= 2) {
    const prev = round;
    round = [];
    for (let i = 0; i < prev.length; i += 2) round.push({ round: roundName(teams), number: i / 2 + 1, a: { winnerOf: offset + i + 1 }, b: { winnerOf: offset + i + 2 } });
    offset += prev.length;
    out.push(...round);
    teams /= 2;
  }
  return out;
}
