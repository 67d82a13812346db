// Pages: Airdrops inside Tap (claim), and two admin pages registered in views/admin-nav.ts:
// Airdrops (create, distribute) and Anti-cheat (the flagged tap players).
import { Elysia, t } from "elysia";
import type { Guards } from "../../auth/guards.ts";
import { parseUnits } from "../../core/money.ts";
import { ACHIEVEMENT_BY_SLUG, ACHIEVEMENTS } from "../../tokens/achievements.ts";
import { METHODS, type AirdropView, type Method } from "../../tokens/airdrops.ts";
import { RISK } from "../../tokens/risk.ts";
import type { Tokens } from "../../tokens/service.ts";
import { displayTokens, TOKEN_DECIMALS } from "../../tokens/units.ts";
import { htmlResponse, renderPage } from "../page.ts";
import { caller } from "../plugins/caller.ts";
import { field, messageOf } from "./auth-pages.ts";
import { adminShell } from "../../../views/admin-nav.ts";
import { adminAirdropsPage, adminRiskPage, airdropsList, airdropsPage, type AirdropCard } from "../../../views/pages/airdrops.ts";

const when = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
const local = (ms: number) => new Date(ms).toISOString().slice(0, 16);

function card(v: AirdropView): AirdropCard {
  const r = v.row;
  const criteria = [
    ...(r.minAccountAgeDays ? [`account ${r.minAccountAgeDays}+ days old`] : []),
    ...(r.minTransactions ? [`${r.minTransactions}+ wallet transactions`] : []),
    ...(r.minLevel ? [`level ${r.minLevel}+`] : []),
    ...v.required.map((s) => `achievement ${ACHIEVEMENT_BY_SLUG.get(s)?.secret ? "???" : (ACHIEVEMENT_BY_SLUG.get(s)?.name ?? s)}`),
  ];
  const c = v.eligibility?.checks;
  const missing = c ? [...(c.accountAge ? [] : ["account age"]), ...(c.transactions ? [] : ["transactions"]), ...(c.level ? [] : ["level"]), ...(c.achievements ? [] : ["achievements"])] : null;
  return {
    id: r.id, name: r.name, description: r.description, method: r.method, total: r.totalAmount, equalShare: v.equalShare, participants: r.claimed, maxParticipants: r.maxParticipants, winners: r.winners,
    phase: v.phase, startsAt: when(r.startsAt), endsAt: when(r.endsAt), criteria, mine: v.mine ? { status: v.mine.status, amount: v.mine.amount } : null, missing,
  };
}

export function tokenAirdropPages(tokens: Tokens, guards: Guards) {
  const adminPage = async (request: Request, notice?: { ok: boolean; text: string }, status = 200) => {
    const at = tokens.now();
    const rows = (await tokens.airdrops.adminList()).map((r) => ({ id: r.id, name: r.name, method: r.method, total: r.totalAmount, participants: r.claimed, maxParticipants: r.maxParticipants, status: r.status, endsAt: when(r.endsAt), ended: at >= r.endsAt }));
    const content = adminAirdropsPage(rows, ACHIEVEMENTS.map((a) => ({ slug: a.slug, name: a.name })), { startsAt: local(at), endsAt: local(at + 7 * 86_400_000) }, notice);
    return renderPage(request, { title: "Airdrops", path: "/admin/airdrops" }, adminShell("/admin/airdrops", content), status);
  };
  const int = (body: unknown, name: string) => {
    const s = field(body, name, 12).trim();
    if (s === "") return 0;
    if (!/^[0-9]{1,9}$/.test(s)) throw new Error(`${name.replaceAll("_", " ")} must be a whole number`);
    return Number(s);
  };

  return new Elysia({ name: "token-airdrop-pages" })
    .use(caller(guards))
    .get("/play/airdrops", async ({ me, request }) => renderPage(request, { title: "Airdrops", path: "/play/airdrops" }, airdropsPage({ cards: (await tokens.airdrops.list(me.user.id)).map(card) })), {
      page: "user",
      detail: { hide: true },
    })
    .post(
      "/play/airdrops/:id/claim",
      async ({ me, params }) => {
        let message: { ok: boolean; text: string };
        try {
          const r = await tokens.airdrops.claim(me.user.id, params.id);
          message = { ok: true, text: r.paid > 0 ? `${r.view.row.name}: +${displayTokens(r.paid)} tokens` : `${r.view.row.name}: you are in; it pays after the end` };
        } catch (e) {
          message = { ok: false, text: messageOf(e) };
        }
        return htmlResponse(airdropsList({ cards: (await tokens.airdrops.list(me.user.id)).map(card), message }));
      },
      { page: "user", params: t.Object({ id: t.Integer({ minimum: 1 }) }), detail: { hide: true } },
    )
    .get("/admin/airdrops", ({ request }) => adminPage(request), { page: "admin", detail: { hide: true } })
    .post(
      "/admin/airdrops",
      async ({ me, request, body, client }) => {
        try {
          const method = field(body, "method", 16) as Method;
          if (!METHODS.includes(method)) throw new Error("Choose a method");
          let total: number;
          try {
            total = Number(parseUnits(field(body, "total", 32).trim(), TOKEN_DECIMALS));
          } catch {
            throw new Error("Write the total as a number of tokens, like 10000 or 12.5");
          }
          const startsAt = Date.parse(`${field(body, "starts_at", 32)}Z`);
          const endsAt = Date.parse(`${field(body, "ends_at", 32)}Z`);
          if (!Number.isFinite(startsAt) || !Number.isFinite(endsAt)) throw new Error("Give the start and end as dates and times");
          const required = field(body, "required_achievement", 64);
          const r = await tokens.airdrops.create({ id: me.user.id, client }, {
            name: field(body, "name", 100), description: field(body, "description", 1000), method, totalAmount: total, maxParticipants: int(body, "max_participants"), winners: int(body, "winners"),
            minAccountAgeDays: int(body, "min_account_age_days"), minTransactions: int(body, "min_transactions"), minLevel: int(body, "min_level"), requiredAchievements: required ? [required] : [], startsAt, endsAt,
          });
          return adminPage(request, { ok: true, text: `${r.name} created` });
        } catch (e) {
          return adminPage(request, { ok: false, text: e instanceof Error && !("code" in e) ? e.message : messageOf(e) }, 422);
        }
      },
      { page: "admin", detail: { hide: true } },
    )
    .post(
      "/admin/airdrops/:id/distribute",
      async ({ me, request, params, client }) => {
        try {
          const r = await tokens.airdrops.distribute(params.id, { id: me.user.id, client });
          return adminPage(request, { ok: true, text: `Paid ${displayTokens(r.paid)} tokens to ${r.recipients} players; ${displayTokens(r.undistributed)} left undistributed` });
        } catch (e) {
          return adminPage(request, { ok: false, text: messageOf(e) }, 409);
        }
      },
      { page: "admin", params: t.Object({ id: t.Integer({ minimum: 1 }) }), detail: { hide: true } },
    )
    .get(
      "/admin/risk",
      async ({ request }) => {
        const rows = (await tokens.risky(100)).map((r) => ({ userId: r.userId, name: `Player #${r.userId}`, score: r.score, signal: r.signal, suspendedUntil: r.suspendedUntil === null ? null : when(r.suspendedUntil), tapsTotal: r.tapsTotal }));
        return renderPage(request, { title: "Anti-cheat", path: "/admin/risk" }, adminShell("/admin/risk", adminRiskPage(rows, { flag: RISK.flag, halve: RISK.halve, suspend: RISK.suspend })));
      },
      { page: "admin", detail: { hide: true } },
    );
}
