// The lottery pages, open to everyone: a draw is meant to be checked by anyone.
import { Elysia } from "elysia";
import type { Guards } from "../../auth/guards.ts";
import { WEEK_MS, weekStart } from "../../core/time.ts";
import type { Repos } from "../../db/repos.ts";
import { PRIZES, type Lottery } from "../../compete/lottery.ts";
import { drawPage, lotteryPage } from "../../../views/pages/lottery.ts";
import { notFound } from "../errors.ts";
import { renderPage } from "../page.ts";
import { drawJson, mondayOf, WeekParam } from "./lottery.ts";

export function lotteryPageRoutes(lottery: Lottery, repos: Repos, guards: Guards, now: () => number) {
  return new Elysia({ name: "lottery-pages" })
    .get(
      "/play/lottery",
      async ({ request }) => {
        const me = await guards.optionalUser(request).catch(() => null);
        const ws = weekStart(now());
        const mine = me ? ((await repos.ranks.weekScores(ws)).find((s) => s.userId === me.user.id)?.totalShares ?? 0) : null;
        const draws = await Promise.all((await repos.ranks.listDraws(10)).map((d) => drawJson(repos, lottery, d)));
        return renderPage(request, { title: "Lottery", path: "/play/lottery" }, lotteryPage({ weekStart: new Date(ws).toISOString().slice(0, 10), closesAt: new Date(ws + WEEK_MS).toISOString(), prizes: PRIZES, myTickets: mine, draws }));
      },
      { detail: { hide: true } },
    )
    .get(
      "/play/lottery/:week",
      async ({ request, params }) => {
        const ms = mondayOf(params.week);
        const d = ms === null ? undefined : await repos.ranks.getDraw(ms);
        if (!d) throw notFound("Lottery draw");
        return renderPage(request, { title: `Lottery ${params.week}`, path: `/play/lottery/${params.week}` }, drawPage(await drawJson(repos, lottery, d)));
      },
      { params: WeekParam, detail: { hide: true } },
    );
}
