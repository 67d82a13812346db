// The Play page (server-rendered) for the signed-in player: level, XP bar, streak, badges.
import { Elysia } from "elysia";
import type { Guards } from "../../auth/guards.ts";
import type { Game } from "../../game/service.ts";
import { playPage } from "../../../views/pages/play.ts";
import { renderPage } from "../page.ts";
import { caller } from "../plugins/caller.ts";

export function gamePageRoutes(game: Game, guards: Guards) {
  return new Elysia({ name: "game-pages" }).use(caller(guards)).get(
    "/play",
    async ({ me, request }) => {
      const id = me.user.id;
      const [{ info }, streak, badges] = await Promise.all([game.level(id), game.streaks(id), game.badges(id)]);
      return renderPage(
        request,
        { title: "Play", path: "/play" },
        playPage({
          level: info.level, title: info.title, totalXp: info.totalXp, levelXp: info.levelXp, nextLevelXp: info.nextLevelXp, nextTitle: info.nextTitle,
          streak: { current: streak.current, longest: streak.longest, thisWeekCounts: streak.thisWeekCounts },
          badges: badges.map((b) => ({ slug: b.def.slug, name: b.def.name, description: b.def.description, rarity: b.def.rarity, xpReward: b.def.xpReward, earned: b.earned !== null })),
        }),
      );
    },
    { page: "user", detail: { hide: true } },
  );
}
