// The Quests and Achievements pages inside Tap: server-rendered from the tokens service; the
// claim and start buttons post back here and get their list re-rendered (htmx).
import { Elysia, t } from "elysia";
import type { Guards } from "../../auth/guards.ts";
import { tierName } from "../../tokens/achievements.ts";
import type { AchievementTemplate } from "../../tokens/achievements.ts";
import type { Requirement } from "../../tokens/quests.ts";
import type { Tokens } from "../../tokens/service.ts";
import { displayTokens } from "../../tokens/units.ts";
import { htmlResponse, renderPage } from "../page.ts";
import { caller } from "../plugins/caller.ts";
import { messageOf } from "./auth-pages.ts";
import { achievementsList, achievementsPage, questsList, questsPage, type AchievementsView, type QuestsView } from "../../../views/pages/quests.ts";

const UNITS: Record<Requirement, string> = { TAP: "taps", MINE: "tokens", SHARES: "difficulty", REFER: "friends", UPGRADE: "levels", PURCHASE: "characters", CHECK_IN: "claims" };
const grouped = (n: number) => n.toLocaleString("en-US");
/** Counters in base units (tokens mined, earned) are shown as tokens. */
const showCount = (tokensUnit: boolean, n: number) => (tokensUnit ? displayTokens(n) : grouped(n));
const isTokenColumn = (a: AchievementTemplate) => a.column === "mined" || a.column === "earned";

export function tokenProgressPages(tokens: Tokens, guards: Guards) {
  const questsView = async (userId: number, message?: QuestsView["message"]): Promise<QuestsView> => ({
    message,
    quests: (await tokens.progress.quests(userId)).map((v) => {
      const q = v.template;
      const money = q.requirement === "MINE";
      return {
        slug: q.slug, name: q.name, description: q.description, type: q.type, progress: v.progress, target: q.target, unit: UNITS[q.requirement],
        shown: { progress: showCount(money, v.progress), target: showCount(money, q.target) }, reward: q.reward, status: v.status,
      };
    }),
  });
  const achievementsView = async (userId: number, message?: AchievementsView["message"]): Promise<AchievementsView> => ({
    message,
    cards: (await tokens.progress.achievements(userId)).map((v) => {
      const a = v.template;
      return {
        slug: a.slug, name: a.name, description: a.description, category: a.category, secret: a.secret, hidden: v.hidden, claimable: v.reached > v.claimed,
        progress: v.hidden ? null : showCount(isTokenColumn(a), v.progress),
        tiers: a.tiers.map((x, i) => ({ name: tierName(a, i + 1)?.replace(/\B\w+/, (w) => w.toLowerCase()) ?? null, target: showCount(isTokenColumn(a), x.target), reward: x.reward, reached: i < v.reached, claimed: i < v.claimed })),
      };
    }),
  });
  const slugParams = t.Object({ slug: t.String({ pattern: "^[a-z0-9_]{1,64}$" }) });

  return new Elysia({ name: "token-progress-pages" })
    .use(caller(guards))
    .get("/play/quests", async ({ me, request }) => renderPage(request, { title: "Quests", path: "/play/quests" }, questsPage(await questsView(me.user.id))), { page: "user", detail: { hide: true } })
    .post(
      "/play/quests/:slug/claim",
      async ({ me, params }) => {
        try {
          const r = await tokens.progress.claimQuest(me.user.id, params.slug);
          return htmlResponse(questsList(await questsView(me.user.id, { ok: true, text: `${r.quest.template.name}: +${displayTokens(r.reward)} tokens` })));
        } catch (e) {
          return htmlResponse(questsList(await questsView(me.user.id, { ok: false, text: messageOf(e) })));
        }
      },
      { page: "user", params: slugParams, detail: { hide: true } },
    )
    .post(
      "/play/quests/:slug/start",
      async ({ me, params }) => {
        try {
          const v = await tokens.progress.startQuest(me.user.id, params.slug);
          return htmlResponse(questsList(await questsView(me.user.id, { ok: true, text: `${v.template.name} started` })));
        } catch (e) {
          return htmlResponse(questsList(await questsView(me.user.id, { ok: false, text: messageOf(e) })));
        }
      },
      { page: "user", params: slugParams, detail: { hide: true } },
    )
    .get("/play/achievements", async ({ me, request }) => renderPage(request, { title: "Achievements", path: "/play/achievements" }, achievementsPage(await achievementsView(me.user.id))), {
      page: "user",
      detail: { hide: true },
    })
    .post(
      "/play/achievements/:slug/claim",
      async ({ me, params }) => {
        try {
          const r = await tokens.progress.claimAchievement(me.user.id, params.slug);
          return htmlResponse(achievementsList(await achievementsView(me.user.id, { ok: true, text: `${r.achievement.template.name}: +${displayTokens(r.reward)} tokens, +${r.xp} XP` })));
        } catch (e) {
          return htmlResponse(achievementsList(await achievementsView(me.user.id, { ok: false, text: messageOf(e) })));
        }
      },
      { page: "user", params: slugParams, detail: { hide: true } },
    );
}
