// Seed 000's quest and achievement endpoints: /api/v1/quests (+ /user, /:id/start, /:id/claim)
// and /api/v1/achievements (+ /user, /:id/claim). The caller's own only; claims pay once (409
// ALREADY_CLAIMED after), a quest not complete is 409 QUEST_NOT_COMPLETED.
import { Elysia, t } from "elysia";
import type { Guards } from "../../auth/guards.ts";
import { ACHIEVEMENTS, tierName, type AchievementTemplate } from "../../tokens/achievements.ts";
import type { AchievementView, QuestView } from "../../tokens/progress.ts";
import { QUESTS, type QuestTemplate } from "../../tokens/quests.ts";
import type { Tokens } from "../../tokens/service.ts";
import { caller } from "../plugins/caller.ts";
import { amount, iso } from "./tokens-json.ts";

const slug = t.String({ pattern: "^[a-z0-9_]{1,64}$" });

export const questTemplateJson = (q: QuestTemplate) => ({ id: q.slug, name: q.name, description: q.description, type: q.type, requirement: { type: q.requirement, count: q.target }, reward: amount(q.reward) });

export const questJson = (v: QuestView) => ({
  quest: questTemplateJson(v.template), status: v.status, progress: v.progress, target: v.template.target, started_at: iso(v.startedAt), claimed_at: iso(v.claimedAt), expires_at: iso(v.expiresAt),
});

const tiersJson = (a: AchievementTemplate) => a.tiers.map((x, i) => ({ tier: i + 1, name: tierName(a, i + 1), target: x.target, reward: amount(x.reward) }));

export const achievementTemplateJson = (a: AchievementTemplate) =>
  a.secret
    ? { id: a.slug, name: "???", description: "A secret achievement: find out how to unlock it.", category: a.category, secret: true, tiers: null }
    : { id: a.slug, name: a.name, description: a.description, category: a.category, secret: false, tiers: tiersJson(a) };

export const achievementJson = (v: AchievementView) => ({
  ...(v.hidden ? achievementTemplateJson(v.template) : { id: v.template.slug, name: v.template.name, description: v.template.description, category: v.template.category, secret: v.template.secret, tiers: tiersJson(v.template) }),
  progress: v.hidden ? null : v.progress,
  tiers_reached: v.reached,
  tiers_claimed: v.claimed,
  claimable: v.reached > v.claimed,
});

export function questRoutes(tokens: Tokens, guards: Guards) {
  return new Elysia({ name: "token-quests", prefix: "/api/v1/quests", detail: { tags: ["Quests"] } })
    .use(caller(guards))
    .get("", () => ({ data: QUESTS.map(questTemplateJson) }), { user: true, detail: { summary: "Every quest: daily and weekly ones run by themselves, special ones are started" } })
    .get("/user", async ({ me }) => ({ data: (await tokens.progress.quests(me.user.id)).map(questJson) }), { user: true, detail: { summary: "The caller's quests with progress this day/week" } })
    .post("/:id/start", async ({ me, params }) => questJson(await tokens.progress.startQuest(me.user.id, params.id)), {
      user: true,
      params: t.Object({ id: slug }),
      detail: { summary: "Start a special quest (progress counts from now); 409 for daily/weekly ones and a second start" },
    })
    .post(
      "/:id/claim",
      async ({ me, params }) => {
        const r = await tokens.progress.claimQuest(me.user.id, params.id);
        return { quest: questJson(r.quest), reward: amount(r.reward), balance: amount(r.balance), transaction_id: r.txId };
      },
      { user: true, params: t.Object({ id: slug }), detail: { summary: "Claim a completed quest's reward (QUEST_REWARD, once per day/week)" } },
    );
}

export function achievementRoutes(tokens: Tokens, guards: Guards) {
  return new Elysia({ name: "token-achievements", prefix: "/api/v1/achievements", detail: { tags: ["Achievements"] } })
    .use(caller(guards))
    .get("", () => ({ data: ACHIEVEMENTS.map(achievementTemplateJson) }), { user: true, detail: { summary: "Every achievement with its tiers (secret ones hidden)" } })
    .get("/user", async ({ me }) => ({ data: (await tokens.progress.achievements(me.user.id)).map(achievementJson) }), { user: true, detail: { summary: "The caller's achievements: progress, tiers reached and claimed" } })
    .post(
      "/:id/claim",
      async ({ me, params }) => {
        const r = await tokens.progress.claimAchievement(me.user.id, params.id);
        return { achievement: achievementJson(r.achievement), tiers: r.tiers, reward: amount(r.reward), balance: amount(r.balance), transaction_id: r.txId, xp: r.xp };
      },
      { user: true, params: t.Object({ id: slug }), detail: { summary: "Claim every reached, unclaimed tier: tokens (ACHIEVEMENT_REWARD) and game XP (`xp`); 409 ALREADY_CLAIMED after" } },
    );
}
