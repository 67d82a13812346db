// The admin page Competitions (/admin/competitions, registered in views/admin-nav.ts): the World
// Cups with a button for each one's legal next state, and a form to schedule one. The service
// validates and audits; a refused move (409) or a bad form (422) shows the page again with why.
import { Elysia, t } from "elysia";
import type { Guards } from "../../auth/guards.ts";
import type { WorldCup } from "../../compete/worldcup/service.ts";
import { DEFAULT_MIN_MINERS } from "../../compete/worldcup/service.ts";
import { isState, NEXT } from "../../compete/worldcup/states.ts";
import { httpFailure } from "../errors.ts";
import { renderPage } from "../page.ts";
import { caller } from "../plugins/caller.ts";
import { field, messageOf } from "./auth-pages.ts";
import { adminShell } from "../../../views/admin-nav.ts";
import { adminCompetitionsPage, type CompetitionForm } from "../../../views/pages/admin-competitions.ts";

const HOUR = 3_600_000;
const PATH = "/admin/competitions";
const when = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
const local = (ms: number) => new Date(ms).toISOString().slice(0, 16);

export function competitionAdminPages(wc: WorldCup, guards: Guards, now: () => number = Date.now) {
  const defaults = (): CompetitionForm => {
    // Registration tomorrow on the hour, kick-off a week after it.
    const reg = Math.ceil((now() + 86_400_000) / HOUR) * HOUR;
    return { name: "", registrationAt: local(reg), startsAt: local(reg + 7 * 86_400_000), roundHours: "24", minMiners: String(DEFAULT_MIN_MINERS) };
  };
  const show = async (request: Request, form: CompetitionForm, notice?: { ok: boolean; text: string }, status = 200) => {
    const rows = (await wc.listWithCounts(50)).map(({ competition: c, registrations, teams }) => ({
      id: c.id, name: c.name, status: c.status, registrationAt: when(c.registrationAt), startsAt: when(c.startsAt), roundHours: c.roundHours, minMiners: c.minMiners,
      registrations, teams, champion: c.champion, next: isState(c.status) ? NEXT[c.status] : null,
    }));
    return renderPage(request, { title: "Competitions", path: PATH }, adminShell(PATH, adminCompetitionsPage(rows, form, notice)), status);
  };
  const int = (s: string, name: string) => {
    if (!/^[0-9]{1,6}$/.test(s.trim())) throw new Error(`${name} must be a whole number`);
    return Number(s.trim());
  };

  return new Elysia({ name: "competition-admin-pages" })
    .use(caller(guards))
    .get(PATH, ({ request }) => show(request, defaults()), { page: "admin", detail: { hide: true } })
    .post(
      PATH,
      async ({ me, client, request, body }) => {
        const form: CompetitionForm = { name: field(body, "name", 64), registrationAt: field(body, "registration_at", 32), startsAt: field(body, "starts_at", 32), roundHours: field(body, "round_hours", 12), minMiners: field(body, "min_miners", 12) };
        try {
          const registrationAt = Date.parse(`${form.registrationAt}Z`);
          const startsAt = Date.parse(`${form.startsAt}Z`);
          if (!Number.isFinite(registrationAt) || !Number.isFinite(startsAt)) throw new Error("Give the registration opening and the kick-off as dates and times");
          if (startsAt % HOUR !== 0) throw new Error("The kick-off must be on the hour (scores are counted per hour)");
          const c = await wc.create({ name: form.name, registrationAt, startsAt, roundHours: int(form.roundHours, "Round length"), minMiners: int(form.minMiners, "Min miners per team") }, { adminId: me.user.id, client });
          return show(request, defaults(), { ok: true, text: `${c.name} scheduled: registration opens ${when(c.registrationAt)}, kick-off ${when(c.startsAt)}.` });
        } catch (e) {
          return show(request, form, { ok: false, text: e instanceof Error && !("code" in e) ? e.message : messageOf(e) }, 422);
        }
      },
      { page: "admin", detail: { hide: true } },
    )
    .post(
      `${PATH}/:id/transition`,
      async ({ me, client, request, params, body }) => {
        const to = field(body, "to", 16);
        try {
          const moved = await wc.transition(params.id, to, me.user.id, client);
          const name = (await wc.view(params.id, null)).competition.name;
          return show(request, defaults(), { ok: true, text: moved ? `${name} moved to ${to}.` : `${name} already is in ${to}.` });
        } catch (e) {
          // Refused (illegal move, not enough teams, no such competition): say why, change nothing.
          return show(request, defaults(), { ok: false, text: messageOf(e) }, httpFailure(e)?.status ?? 409);
        }
      },
      { page: "admin", params: t.Object({ id: t.Integer({ minimum: 1 }) }), detail: { hide: true } },
    );
}
