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
        const mine = me ? ((await repos.ranks.userWeek(me.user.id, ws))?.totalShares ?? 0) : null;
        const rows = await repos.ranks.listDraws(10);
        const draws = await Promise.all(rows.map((d) => drawJson(repos, lottery, d)));
        // A closed week without a draw row yet: the close itself is waiting (for the node).
        const closing = lottery.waiting().filter((w) => !rows.some((d) => d.weekStart === w.weekStart)).map((w) => ({ week: new Date(w.weekStart).toISOString().slice(0, 10), reason: w.reason }));
        return renderPage(request, { title: "Lottery", path: "/play/lottery" }, lotteryPage({ weekStart: new Date(ws).toISOString().slice(0, 10), closesAt: new Date(ws + WEEK_MS).toISOString(), prizes: PRIZES, myTickets: mine, draws, closing }));
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
