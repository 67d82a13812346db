// Quests and achievements for a player: progress read from the activity counters, claims that
// pay once. A claim takes the claim row's unique key (quest + period, achievement + tier) and the
// ledger's idempotency key in one transaction, so 50 identical requests racing pay exactly once.
import { AppError, conflict } from "../core/errors.ts";
import type { Clock } from "../core/time.ts";
import { DAY_MS, dayStart, nextWeekStart } from "../core/time.ts";
import type { ActivityColumn, Repos, TokenActivityRow } from "../db/repos.ts";
import { periodKey } from "./activity.ts";
import { grantXpOnce, type XpGrantResult } from "../game/xp-grant.ts";
import { ACHIEVEMENT_BY_SLUG, ACHIEVEMENTS, achievementXp, tierName, type AchievementTemplate } from "./achievements.ts";
import { apply } from "./ledger.ts";
import { QUEST_BY_SLUG, QUESTS, questPeriod, REQUIREMENT_COLUMN, type QuestTemplate } from "./quests.ts";

export type QuestStatus = "NOT_STARTED" | "IN_PROGRESS" | "COMPLETED" | "CLAIMED";

export interface QuestView {
  template: QuestTemplate;
  period: string;
  progress: number;
  status: QuestStatus;
  startedAt: number | null;
  claimedAt: number | null;
  /** When a daily/weekly quest resets (null for special ones). */
  expiresAt: number | null;
}

export interface AchievementView {
  template: AchievementTemplate;
  progress: number;
  /** Tiers reached (1-based count) and claimed. */
  reached: number;
  claimed: number;
  /** Secret and not reached yet: name and description are not shown. */
  hidden: boolean;
}

export interface Progress {
  quests(userId: number): Promise<QuestView[]>;
  startQuest(userId: number, slug: string): Promise<QuestView>;
  claimQuest(userId: number, slug: string): Promise<{ quest: QuestView; reward: number; balance: number; txId: number }>;
  achievements(userId: number): Promise<AchievementView[]>;
  /** Pays the tiers reached and not yet claimed, in tokens and in game XP (one xp_ledger row per tier, in the same transaction). */
  claimAchievement(userId: number, slug: string): Promise<{ achievement: AchievementView; tiers: number[]; reward: number; balance: number; txId: number; xp: number; levelUp: XpGrantResult["levelUp"] }>;
}

const SPECIAL = "S";

export function createProgress(deps: { repos: Repos; now: Clock }): Progress {
  const { repos, now } = deps;
  const periodOf = (q: QuestTemplate, at: number) => (q.type === "SPECIAL" ? SPECIAL : periodKey(questPeriod(q), at));
  const value = (rows: TokenActivityRow[], period: string, col: ActivityColumn) => Number(rows.find((r) => r.period === period)?.[col] ?? 0);
  const expiry = (q: QuestTemplate, at: number) => (q.type === "DAILY" ? dayStart(at) + DAY_MS : q.type === "WEEKLY" ? nextWeekStart(at) : null);

  const questViews = async (tx: Repos, userId: number, at: number, only?: QuestTemplate[]): Promise<QuestView[]> => {
    const list = only ?? QUESTS;
    const keys = [...new Set(list.map((q) => periodKey(questPeriod(q), at)))];
    const [act, mine] = await Promise.all([tx.tokens.getActivity(userId, keys), tx.tokens.listUserQuests(userId, [...new Set(list.map((q) => periodOf(q, at)))])]);
    return list.map((q) => {
      const period = periodOf(q, at);
      const row = mine.find((r) => r.quest === q.slug && r.period === period);
      const total = value(act, periodKey(questPeriod(q), at), REQUIREMENT_COLUMN[q.requirement]);
      const started = q.type !== "SPECIAL" || row !== undefined;
      const progress = started ? Math.min(q.target, Math.max(0, total - (row?.baseline ?? 0))) : 0;
      const status: QuestStatus = row?.status === "CLAIMED" ? "CLAIMED" : !started ? "NOT_STARTED" : progress >= q.target ? "COMPLETED" : "IN_PROGRESS";
      return { template: q, period, progress, status, startedAt: row?.startedAt ?? (q.type === "SPECIAL" ? null : q.type === "DAILY" ? dayStart(at) : nextWeekStart(at) - 7 * DAY_MS), claimedAt: row?.claimedAt ?? null, expiresAt: expiry(q, at) };
    });
  };

  const questOf = (slug: string) => {
    const q = QUEST_BY_SLUG.get(slug);
    if (!q) throw new AppError("NOT_FOUND", `No quest "${slug}"`, { reason: "QUEST_NOT_FOUND" });
    return q;
  };
  const achievementOf = (slug: string) => {
    const a = ACHIEVEMENT_BY_SLUG.get(slug);
    if (!a) throw new AppError("NOT_FOUND", `No achievement "${slug}"`, { reason: "ACHIEVEMENT_NOT_FOUND" });
    return a;
  };

  const achievementViews = async (tx: Repos, userId: number): Promise<AchievementView[]> => {
    const [act, mine] = await Promise.all([tx.tokens.getActivity(userId, ["A"]), tx.tokens.listUserAchievements(userId)]);
    return ACHIEVEMENTS.map((a) => {
      const progress = value(act, "A", a.column);
      const reached = a.tiers.filter((t) => progress >= t.target).length;
      const claimed = mine.filter((r) => r.achievement === a.slug).length;
      return { template: a, progress, reached, claimed, hidden: a.secret && reached === 0 };
    });
  };

  return {
    quests: (userId) => questViews(repos, userId, now()),

    async startQuest(userId, slug) {
      const q = questOf(slug);
      if (q.type !== "SPECIAL") throw conflict(`${q.name} runs by itself every ${q.type === "DAILY" ? "day" : "week"}; only special quests are started`, "QUEST_AUTO_STARTED");
      const at = now();
      return repos.transaction(async (tx) => {
        const act = await tx.tokens.getActivity(userId, ["A"]);
        const row = await tx.tokens.insertUserQuest({ userId, quest: slug, period: SPECIAL, status: "IN_PROGRESS", baseline: value(act, "A", REQUIREMENT_COLUMN[q.requirement]), startedAt: at, claimedAt: null, reward: 0 });
        if (!row) throw conflict(`${q.name} is already started`, "QUEST_STARTED");
        return (await questViews(tx, userId, at, [q]))[0]!;
      });
    },

    async claimQuest(userId, slug) {
      const q = questOf(slug);
      const at = now();
      return repos.transaction(async (tx) => {
        const view = (await questViews(tx, userId, at, [q]))[0]!;
        if (view.status === "CLAIMED") throw conflict(`${q.name} is already claimed`, "ALREADY_CLAIMED");
        if (view.status === "NOT_STARTED") throw conflict(`Start ${q.name} first`, "QUEST_NOT_STARTED");
        if (view.status !== "COMPLETED") throw conflict(`${q.name} is not complete yet (${view.progress} of ${q.target})`, "QUEST_NOT_COMPLETED");
        if (q.type === "SPECIAL") {
          const row = (await tx.tokens.listUserQuests(userId, [SPECIAL])).find((r) => r.quest === slug)!;
          if (!(await tx.tokens.markQuestClaimed(row.id, q.reward, at))) throw conflict(`${q.name} is already claimed`, "ALREADY_CLAIMED");
        } else {
          const row = await tx.tokens.insertUserQuest({ userId, quest: slug, period: view.period, status: "CLAIMED", baseline: 0, startedAt: view.startedAt ?? at, claimedAt: at, reward: q.reward });
          if (!row) throw conflict(`${q.name} is already claimed`, "ALREADY_CLAIMED");
        }
        const r = await apply(tx, { userId, type: "QUEST_REWARD", amount: q.reward, idemKey: `quest:${slug}:${view.period}`, description: `Quest: ${q.name}`, metadata: { quest: slug, period: view.period }, at });
        if (!r.applied) throw conflict(`${q.name} is already claimed`, "ALREADY_CLAIMED");
        return { quest: { ...view, status: "CLAIMED" as const, claimedAt: at }, reward: q.reward, balance: r.balance, txId: r.id };
      });
    },

    achievements: (userId) => achievementViews(repos, userId),

    async claimAchievement(userId, slug) {
      const a = achievementOf(slug);
      const at = now();
      return repos.transaction(async (tx) => {
        const view = (await achievementViews(tx, userId)).find((v) => v.template.slug === slug)!;
        if (view.reached === 0) throw conflict(a.secret ? "Not unlocked yet" : `${a.name} is not unlocked yet (${view.progress} of ${a.tiers[0]!.target})`, "ACHIEVEMENT_LOCKED");
        // Every tier reached and not yet claimed is paid now, each under its own keys.
        const tiers: number[] = [];
        let reward = 0;
        for (let tier = 1; tier <= view.reached; tier++) {
          const t = a.tiers[tier - 1]!;
          if (!(await tx.tokens.insertUserAchievement({ userId, achievement: slug, tier, reward: t.reward, claimedAt: at }))) continue;
          tiers.push(tier);
          reward += t.reward;
        }
        if (tiers.length === 0) throw conflict(`${a.name} is already claimed`, "ALREADY_CLAIMED");
        const label = tiers.map((n) => tierName(a, n)).filter(Boolean).join(", ");
        const r = await apply(tx, { userId, type: "ACHIEVEMENT_REWARD", amount: reward, idemKey: `ach:${slug}:${tiers.join(",")}`, description: `Achievement: ${a.name}${label ? ` (${label})` : ""}`, metadata: { achievement: slug, tiers }, at });
        if (!r.applied) throw conflict(`${a.name} is already claimed`, "ALREADY_CLAIMED");
        // The game's XP, keyed per tier: it commits with the tokens or not at all, and pays once.
        let xp = 0;
        let levelUp = null as XpGrantResult["levelUp"];
        for (const tier of tiers) {
          const g = await grantXpOnce(tx, userId, "achievement", achievementXp(a, tier), `${slug}:${tier}`, at);
          xp += g.amount;
          if (g.levelUp) levelUp = { from: levelUp?.from ?? g.levelUp.from, to: g.levelUp.to, title: g.levelUp.title };
        }
        return { achievement: { ...view, claimed: view.claimed + tiers.length }, tiers, reward, balance: r.balance, txId: r.id, xp, levelUp };
      });
    },
  };
}
