// The World Cup pages (under Play): /worldcup (the latest competition's hub), registration,
// /worldcup/:id/bracket and /worldcup/:id/match/:key.
import { Elysia, t } from "elysia";
import type { Guards } from "../../auth/guards.ts";
import type { CompetitionMatchRow } from "../../db/repos.ts";
import type { WorldCup, WorldCupView } from "../../compete/worldcup/service.ts";
import { bracketPage, hubPage, matchPage, type HubView, type MatchLine } from "../../../views/pages/worldcup.ts";
import { redirect, renderPage } from "../page.ts";
import { caller, type Principal } from "../plugins/caller.ts";
import { messageOf } from "./auth-pages.ts";
import { AppError } from "../../core/errors.ts";

const when = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace("T", " ") + " UTC";
const line = (m: CompetitionMatchRow): MatchLine => ({ key: m.matchKey, round: m.round, a: m.teamA, b: m.teamB, scoreA: m.scoreA, scoreB: m.scoreB, winner: m.winner, status: m.status, startsAt: when(m.startsAt) });

function hub(v: WorldCupView, me: Principal): HubView {
  const c = v.competition;
  return {
    id: c.id, name: c.name, status: c.status, startsAt: when(c.startsAt), registrationAt: when(c.registrationAt), roundHours: c.roundHours, minMiners: c.minMiners, champion: c.champion,
    myCountry: v.myCountry, profileCountry: me.user.countryCode ?? null,
    registrations: Object.entries(v.registrations).map(([country, miners]) => ({ country, miners })).sort((a, b) => b.miners - a.miners || a.country.localeCompare(b.country)),
    groups: Object.entries(v.tables).map(([name, rows]) => ({ name, rows: rows.map((r) => ({ country: r.countryCode, played: r.played, won: r.won, drawn: r.drawn, lost: r.lost, points: r.points, diff: r.diffFor - r.diffAgainst })) })),
    matches: v.matches.map(line),
  };
}

export function competitionPageRoutes(wc: WorldCup, guards: Guards) {
  const hubFor = async (request: Request, me: Principal, error?: string) => {
    const [latest] = await wc.list(1);
    const v = latest ? hub(await wc.view(latest.id, me.user.id), me) : null;
    return renderPage(request, { title: "World Cup", path: "/worldcup" }, hubPage(v && error ? { ...v, error } : v));
  };
  return new Elysia({ name: "competition-pages" })
    .use(caller(guards))
    .get("/worldcup", ({ me, request }) => hubFor(request, me), { page: "user", detail: { hide: true } })
    .post(
      "/worldcup/:id/register",
      async ({ me, request, params }) => {
        try {
          await wc.register(me.user.id, params.id);
        } catch (e) {
          return hubFor(request, me, messageOf(e));
        }
        return redirect(request, "/worldcup");
      },
      { page: "user", params: t.Object({ id: t.Integer({ minimum: 1 }) }), detail: { hide: true } },
    )
    .get(
      "/worldcup/:id/bracket",
      async ({ me, request, params }) => {
        const v = await wc.view(params.id, me.user.id);
        const rounds: { round: string; matches: MatchLine[] }[] = [];
        for (const m of v.matches.filter((x) => x.matchKey.startsWith("ko:"))) {
          let r = rounds.find((x) => x.round === m.round);
          if (!r) rounds.push((r = { round: m.round, matches: [] }));
          r.matches.push(line(m));
        }
        return renderPage(request, { title: "Bracket", path: `/worldcup/${params.id}/bracket` }, bracketPage({ id: params.id, name: v.competition.name, rounds, myCountry: v.myCountry }));
      },
      { page: "user", params: t.Object({ id: t.Integer({ minimum: 1 }) }), detail: { hide: true } },
    )
    .get(
      "/worldcup/:id/match/:key",
      async ({ me, request, params }) => {
        const v = await wc.view(params.id, me.user.id);
        const m = v.matches.find((x) => x.matchKey === params.key);
        if (!m) throw new AppError("NOT_FOUND", "No such match", { reason: "MATCH_NOT_FOUND" });
        return renderPage(request, { title: `${m.teamA ?? "—"} v ${m.teamB ?? "—"}`, path: `/worldcup/${params.id}/match/${params.key}` }, matchPage({ id: params.id, name: v.competition.name, m: line(m), startsAt: when(m.startsAt), endsAt: when(m.endsAt), myCountry: v.myCountry }));
      },
      { page: "user", params: t.Object({ id: t.Integer({ minimum: 1 }), key: t.String({ maxLength: 64 }) }), detail: { hide: true } },
    );
}
