// A chunk of game steps evaluated as a set, inside the caller's transaction: the users' mining
// facts, states, badges and ledger totals are read with one query per table, the rules are
// computed in memory, and the grants are written with one multi-row statement per table. The
// ledger's unique (user, source, ref) and the badges' unique (user, slug) still decide what is
// new: an insert returns only the rows it wrote, so a replayed batch or a catch-up after a crash
// finds everything granted and grants nothing twice. Totals are rewritten from the ledger.
// This is what keeps up with a thousand players a batch (bench/game.ts): a per-user step costs
// a dozen round trips, a chunk of 200 costs about ten.
import { utcDay, weekStart } from "../core/time.ts";
import type { MiningFacts, NewXp, Repos, UserBadgeRow, UserGamificationRow } from "../db/repos.ts";
import { BADGES, type BadgeDef } from "./badges.ts";
import { emptyState, type StepResult } from "./engine.ts";
import { levelFor } from "./levels.ts";
import { computeStreaks } from "./streaks.ts";
import { XP } from "./xp.ts";

export interface ChunkItem {
  userId: number;
  /** Daily-share and streak XP are granted for days (weeks) from this day on. */
  sinceDay: string;
  /** The state read before (null: none, a new player); read here when undefined. */
  prior?: UserGamificationRow | null;
}

/** Where a chunk's time goes (bench/game.ts prints it): reads, in-memory rules, writes. */
export type PhaseTimes = { read: number; compute: number; write: number };

const key = (userId: number, source: string, ref: string) => `${userId}\n${source}\n${ref}`;
const NO_FACTS: MiningFacts = { totalShares: 0, bestDiff: 0, activeDays: [], activeWeeks: [], blocks: [] };

const badgeValue = (def: BadgeDef, f: MiningFacts, longest: number) =>
  def.trigger === "shares_count" ? f.totalShares : def.trigger === "best_diff" ? f.bestDiff : def.trigger === "streak_weeks" ? longest : def.trigger === "block_found" ? f.blocks.length : null;

export async function evaluateChunk(tx: Repos, items: ChunkItem[], now: number, times?: PhaseTimes): Promise<StepResult[]> {
  if (items.length === 0) return [];
  let t = performance.now();
  const lap = (phase: keyof PhaseTimes) => {
    const n = performance.now();
    if (times) times[phase] += n - t;
    t = n;
  };

  // Reads: one query per table for the whole chunk.
  const byUser = new Map<number, ChunkItem>();
  for (const it of items) {
    const had = byUser.get(it.userId);
    byUser.set(it.userId, had && had.sinceDay < it.sinceDay ? { ...it, sinceDay: had.sinceDay } : it);
  }
  const ids = [...byUser.keys()];
  const unknown = ids.filter((id) => byUser.get(id)!.prior === undefined);
  const since = ids.reduce((a, id) => (byUser.get(id)!.sinceDay < a ? byUser.get(id)!.sinceDay : a), byUser.get(ids[0]!)!.sinceDay);
  // Independent reads issued together: PostgreSQL pipelines them on the transaction's connection.
  const [stored, facts, held] = await Promise.all([tx.game.statesFor(unknown), tx.game.miningFactsFor(ids, since), tx.game.badgesFor(ids)]);
  const read = new Map(stored.map((s) => [s.userId, s]));
  const prior = (id: number) => {
    const p = byUser.get(id)!.prior;
    return p !== undefined ? p : (read.get(id) ?? null);
  };
  lap("read");

  // Rules, in memory: the candidate grants of each user, in the order a single step made them.
  const today = utcDay(now);
  const plans = ids.map((userId) => {
    const p = prior(userId);
    const { sinceDay } = byUser.get(userId)!;
    const all = facts.get(userId) ?? NO_FACTS;
    // Facts read from the chunk's earliest day: only this user's days from their own count.
    const f = { ...all, activeDays: all.activeDays.filter((d) => d >= sinceDay) };
    const xp: NewXp[] = [];
    const grant = (source: string, amount: number, ref: string) => void xp.push({ userId, source, amount, ref, createdAt: now });
    for (const day of f.activeDays) grant("daily_share", XP.DAILY_SHARE, day);
    const streaks = computeStreaks(f.activeWeeks, now);
    const fromWeek = weekStart(Date.parse(`${sinceDay}T00:00:00Z`) || 0);
    for (const [week, place] of streaks.runLength) if (week >= fromWeek) grant("streak_week", XP.STREAK_WEEK_PER_WEEK * place, utcDay(week));
    for (const b of f.blocks) grant("block", XP.BLOCK_FOUND, b.hash);
    // A new all-time best over the one this game last saw (the first share sets it, it is no record).
    const record = p !== null && p.bestDiff > 0 && f.bestDiff > p.bestDiff;
    if (record) grant("best_diff_record", XP.BEST_DIFF_RECORD, today);
    const mine = held.get(userId) ?? new Set<string>();
    const badges = BADGES.filter((def) => {
      if (mine.has(def.slug)) return false;
      const v = badgeValue(def, f, streaks.longest);
      return v !== null && def.threshold !== null && v >= def.threshold;
    });
    return { userId, p, f, xp, streaks, record, badges, held: mine.size };
  });
  lap("compute");

  // Writes: one multi-row statement per table; what they return is what was new.
  const badgeRows: UserBadgeRow[] = plans.flatMap((x) => x.badges.map((d) => ({ userId: x.userId, slug: d.slug, earnedAt: now, ref: today })));
  const [xpBack, badgeBack] = await Promise.all([tx.game.grantXpMany(plans.flatMap((x) => x.xp)), tx.game.insertBadges(badgeRows)]);
  const wroteXp = new Set(xpBack.map((r) => key(r.userId, r.source, r.ref)));
  const wroteBadge = new Set(badgeBack.map((r) => `${r.userId}\n${r.slug}`));
  const badgeXp = plans.flatMap((x) => x.badges.filter((d) => d.xpReward > 0 && wroteBadge.has(`${x.userId}\n${d.slug}`)).map((d) => ({ userId: x.userId, source: "badge", amount: d.xpReward, ref: d.slug, createdAt: now })));
  for (const r of await tx.game.grantXpMany(badgeXp)) wroteXp.add(key(r.userId, r.source, r.ref));
  // Totals summed by the ledger after the writes: exact whatever else granted XP before.
  const totals = await tx.game.xpTotals(ids);
  lap("write");

  const results: StepResult[] = [];
  const states: UserGamificationRow[] = [];
  const thisWeek = weekStart(now);
  for (const { userId, p, f, xp, streaks, record, badges, held: heldCount } of plans) {
    const granted = xp.filter((g) => wroteXp.has(key(userId, g.source, g.ref)));
    const earned = badges.filter((d) => wroteBadge.has(`${userId}\n${d.slug}`));
    const fromBadges = earned.reduce((a, d) => a + (d.xpReward > 0 && wroteXp.has(key(userId, "badge", d.slug)) ? d.xpReward : 0), 0);
    const xpGranted = granted.reduce((a, g) => a + g.amount, 0) + fromBadges;
    const total = totals.get(userId) ?? 0;
    const before = p ?? emptyState(userId, now);
    const lv = levelFor(total);
    const lastActiveDay = [p?.lastActiveDay ?? null, f.activeDays.at(-1) ?? null].reduce<string | null>((a, b) => (b !== null && (a === null || b > a) ? b : a), null);
    const after: UserGamificationRow = {
      ...before, userId, totalXp: lv.totalXp, level: lv.level, title: lv.title, badgesEarned: heldCount + earned.length,
      currentStreak: streaks.current, longestStreak: Math.max(streaks.longest, p?.longestStreak ?? 0), streakStart: streaks.start, lastActiveWeek: streaks.lastActiveWeek,
      totalShares: f.totalShares, bestDiff: Math.max(f.bestDiff, p?.bestDiff ?? 0), blocksFound: f.blocks.length,
      // A record is rewarded (and announced) at most once a day, like its XP.
      lastRecordDay: record ? today : (p?.lastRecordDay ?? null), lastActiveDay, updatedAt: now,
    };
    states.push(after);
    results.push({
      userId, xpGranted, badges: earned.map((d) => d.slug), state: after,
      levelUp: after.level > before.level ? { from: before.level, to: after.level, title: after.title } : null,
      bestRecord: record && granted.some((g) => g.source === "best_diff_record") ? f.bestDiff : null,
      // This week newly counted and continues last week's run: the streak was extended.
      streakExtended: streaks.lastActiveWeek === thisWeek && p?.lastActiveWeek !== thisWeek && streaks.current >= 2 ? { week: thisWeek, weeks: streaks.current } : null,
      newBlocks: granted.filter((g) => g.source === "block").map((g) => g.ref),
      joined: p === null && f.totalShares > 0,
    });
  }
  await tx.game.putStates(states);
  lap("write");
  return results;
}
