// What a game step means for the player and the pool, written in the step's transaction: the
// notifications (badge earned, level up, personal best, streak extended, block found) and the
// feed entries (a rare badge, a block and a new miner are global). Each has a ref derived from
// what it is about, so a replayed step writes nothing new. The caller announces the returned
// rows once the transaction has committed.
import type { FeedRow, NotificationRow, Repos, UserSettingsRow } from "../db/repos.ts";
import { utcDay } from "../core/time.ts";
import { BADGE_BY_SLUG } from "./badges.ts";
import type { StepResult } from "./engine.ts";
import { writeFeed } from "./feed.ts";
import { writeNotification } from "./notify.ts";

export interface Written {
  notifications: NotificationRow[];
  feed: FeedRow[];
}

const fmt = (n: number) => (n >= 1e3 ? Math.round(n).toLocaleString("en-US") : String(Math.round(n * 100) / 100));

export async function recordOutcome(tx: Repos, r: StepResult, at: number): Promise<Written> {
  const out: Written = { notifications: [], feed: [] };
  // One settings read per step, however many notifications it writes.
  let settings: Promise<UserSettingsRow | undefined> | null = null;
  const settingsOf = () => (settings ??= tx.users.findSettings(r.userId));
  const note = async (type: string, title: string, body: string, data: Record<string, unknown> | null, ref: string) => {
    const row = await writeNotification(tx, r.userId, { type, title, body, data, ref }, at, settingsOf);
    if (row) out.notifications.push(row);
  };
  const feed = async (kind: string, action: string, data: Record<string, unknown> | null, global: boolean, ref: string) => {
    const row = await writeFeed(tx, { kind, userId: r.userId, action, data, global, ref }, at);
    if (row) out.feed.push(row);
  };

  if (r.joined) await feed("miner_joined", "joined the pool", null, true, `joined:${r.userId}`);
  for (const slug of r.badges) {
    const d = BADGE_BY_SLUG.get(slug);
    if (!d) continue;
    const data = { badge_slug: slug, badge_name: d.name, rarity: d.rarity, xp_reward: d.xpReward, new_total_xp: r.state.totalXp, new_level: r.state.level };
    await note("badge_earned", `Badge earned: ${d.name}`, `${d.description} +${d.xpReward} XP.`, data, `badge:${slug}`);
    await feed("badge_earned", `earned the ${d.rarity} badge ${d.name}`, data, d.rarity === "epic" || d.rarity === "legendary", `badge:${r.userId}:${slug}`);
  }
  if (r.levelUp) {
    const data = { from: r.levelUp.from, to: r.levelUp.to, title: r.levelUp.title };
    await note("level_up", `Level ${r.levelUp.to}: ${r.levelUp.title}`, `You reached level ${r.levelUp.to} with ${fmt(r.state.totalXp)} XP.`, data, `level:${r.levelUp.to}`);
    await feed("level_up", `reached level ${r.levelUp.to} (${r.levelUp.title})`, data, false, `level:${r.userId}:${r.levelUp.to}`);
  }
  if (r.bestRecord != null) {
    const data = { difficulty: r.bestRecord, period: "alltime", xp_reward: 50 };
    await note("personal_best", "New personal best", `Your best share ever: difficulty ${fmt(r.bestRecord)}. +50 XP.`, data, `best:${utcDay(at)}`);
    await feed("personal_best", `set a personal best: difficulty ${fmt(r.bestRecord)}`, data, false, `best:${r.userId}:${utcDay(at)}`);
  }
  if (r.streakExtended) {
    const { week, weeks } = r.streakExtended;
    await note("streak_extended", `Streak: ${weeks} weeks`, `This week counts: ${weeks} weeks in a row.`, { weeks, week_start: utcDay(week) }, `streak:${utcDay(week)}`);
  }
  for (const hash of r.newBlocks ?? []) {
    const data = { block_hash: hash };
    await note("block_found", "You found a block!", "A Bitcoin block, found solo by your miner. +500 XP.", data, `block:${hash}`);
    await feed("block_found", "found a block", data, true, `block:${hash}`);
  }
  return out;
}
