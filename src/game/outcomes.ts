// What a game step means for the player and the pool, written in the step's transaction: the
// notifications (badge earned, level up, personal best, streak extended, block found) and the
// feed entries (a rare badge, a block and a new miner are global). Each has a ref derived from
// what it is about, so a replayed step writes nothing new. The caller announces the returned
// rows once the transaction has committed.
import type { FeedRow, NotificationRow, Repos } from "../db/repos.ts";
import { utcDay } from "../core/time.ts";
import { BADGE_BY_SLUG } from "./badges.ts";
import type { StepResult } from "./engine.ts";
import type { NewFeedEntry } from "./feed.ts";
import { wants, type NewNotification } from "./notify.ts";

export interface Written {
  notifications: NotificationRow[];
  feed: FeedRow[];
}

const fmt = (n: number) => (n >= 1e3 ? Math.round(n).toLocaleString("en-US") : String(Math.round(n * 100) / 100));

/** What a step's result should write (not yet filtered by the player's switches). */
export function planOutcome(r: StepResult, at: number): { notes: (NewNotification & { userId: number })[]; feed: NewFeedEntry[] } {
  const notes: (NewNotification & { userId: number })[] = [];
  const entries: NewFeedEntry[] = [];
  const note = (type: string, title: string, body: string, data: Record<string, unknown> | null, ref: string) => void notes.push({ userId: r.userId, type, title, body, data, ref });
  const feed = (kind: string, action: string, data: Record<string, unknown> | null, global: boolean, ref: string) => void entries.push({ kind, userId: r.userId, action, data, global, ref });

  if (r.joined) feed("miner_joined", "joined the pool", null, true, `joined:${r.userId}`);
  for (const slug of r.badges) {
    const d = BADGE_BY_SLUG.get(slug);
    if (!d) continue;
    const data = { badge_slug: slug, badge_name: d.name, rarity: d.rarity, xp_reward: d.xpReward, new_total_xp: r.state.totalXp, new_level: r.state.level };
    note("badge_earned", `Badge earned: ${d.name}`, `${d.description} +${d.xpReward} XP.`, data, `badge:${slug}`);
    feed("badge_earned", `earned the ${d.rarity} badge ${d.name}`, data, d.rarity === "epic" || d.rarity === "legendary", `badge:${r.userId}:${slug}`);
  }
  if (r.levelUp) {
    const data = { from: r.levelUp.from, to: r.levelUp.to, title: r.levelUp.title };
    note("level_up", `Level ${r.levelUp.to}: ${r.levelUp.title}`, `You reached level ${r.levelUp.to} with ${fmt(r.state.totalXp)} XP.`, data, `level:${r.levelUp.to}`);
    feed("level_up", `reached level ${r.levelUp.to} (${r.levelUp.title})`, data, false, `level:${r.userId}:${r.levelUp.to}`);
  }
  if (r.bestRecord != null) {
    const data = { difficulty: r.bestRecord, period: "alltime", xp_reward: 50 };
    note("personal_best", "New personal best", `Your best share ever: difficulty ${fmt(r.bestRecord)}. +50 XP.`, data, `best:${utcDay(at)}`);
    feed("personal_best", `set a personal best: difficulty ${fmt(r.bestRecord)}`, data, false, `best:${r.userId}:${utcDay(at)}`);
  }
  if (r.streakExtended) {
    const { week, weeks } = r.streakExtended;
    note("streak_extended", `Streak: ${weeks} weeks`, `This week counts: ${weeks} weeks in a row.`, { weeks, week_start: utcDay(week) }, `streak:${utcDay(week)}`);
  }
  for (const hash of r.newBlocks ?? []) {
    const data = { block_hash: hash };
    note("block_found", "You found a block!", "A Bitcoin block, found solo by your miner. +500 XP.", data, `block:${hash}`);
    feed("block_found", "found a block", data, true, `block:${hash}`);
  }
  return { notes, feed: entries };
}

/**
 * Writes the outcomes of several steps in the caller's transaction with one settings read and
 * one insert per table (a chunk of steps is evaluated together; see service.ts).
 */
export async function recordOutcomes(tx: Repos, results: StepResult[], at: number): Promise<Written> {
  const plans = results.map((r) => planOutcome(r, at));
  const notes = plans.flatMap((p) => p.notes);
  const feed = plans.flatMap((p) => p.feed);
  const ids = [...new Set(notes.map((x) => x.userId))];
  const settings = new Map((await tx.game.settingsFor(ids)).map((x) => [x.userId, x]));
  const wanted = notes.filter((x) => wants(x.type, settings.get(x.userId)));
  // Both inserts issued together (PostgreSQL pipelines them on the transaction's connection).
  const [notifications, written] = await Promise.all([
    tx.game.insertNotifications(
      wanted.map((x) => ({ userId: x.userId, type: x.type, title: x.title.slice(0, 128), body: x.body, data: x.data === null ? null : JSON.stringify(x.data), ref: x.ref, readAt: null, createdAt: at })),
    ),
    tx.game.insertFeeds(feed.map((e) => ({ kind: e.kind, userId: e.userId, action: e.action, data: e.data === null ? null : JSON.stringify(e.data), global: e.global, ref: e.ref, createdAt: at }))),
  ]);
  return { notifications, feed: written };
}

export const recordOutcome = (tx: Repos, r: StepResult, at: number): Promise<Written> => recordOutcomes(tx, [r], at);
