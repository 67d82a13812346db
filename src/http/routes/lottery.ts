// /api/v1/games/lottery/*: the weekly lottery for anyone to check (the ticket file, commitment,
// seeding block and winners are public by design), the caller's own tickets and wins, and the
// admins' re-run that only verifies.
import { Elysia, t } from "elysia";
import type { Guards } from "../../auth/guards.ts";
import { WEEK_MS, weekStart } from "../../core/time.ts";
import type { LotteryDrawRow, Repos } from "../../db/repos.ts";
import { ownerOf, type TicketFile } from "../../compete/fair-draw.ts";
import { CONFIRMATIONS, PRIZES, type Lottery } from "../../compete/lottery.ts";
import { notFound } from "../errors.ts";
import { caller } from "../plugins/caller.ts";

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
export const WeekParam = t.Object({ week: t.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$" }) });

/** A week's Monday from `YYYY-MM-DD`, or null when it is not a Monday. */
export function mondayOf(s: string): number | null {
  const ms = Date.parse(`${s}T00:00:00Z`);
  return Number.isFinite(ms) && weekStart(ms) === ms ? ms : null;
}

export async function drawJson(repos: Repos, lottery: Lottery, d: LotteryDrawRow) {
  const file = JSON.parse(d.ticketFile) as TicketFile;
  const results = d.status === "drawn" ? await repos.ranks.results(d.id) : [];
  const waiting = lottery.waiting().find((w) => w.weekStart === d.weekStart) ?? null;
  return {
    week_start: day(d.weekStart),
    status: d.status,
    total_tickets: d.totalTickets,
    total_participants: d.totalParticipants,
    commitment: d.commitment,
    target_height: d.targetHeight,
    confirmations_required: CONFIRMATIONS,
    block_hash: d.blockHash,
    seed: d.seed,
    committed_at: iso(d.committedAt),
    drawn_at: iso(d.drawnAt),
    waiting: d.status === "committed" ? (waiting?.reason ?? `waiting for block ${d.targetHeight} and ${CONFIRMATIONS} confirmations`) : null,
    ticket_file: `/api/v1/games/lottery/results/${day(d.weekStart)}/tickets.json`,
    winners: results.map((r) => ({ position: r.position, ticket: r.ticketNumber, name: file.entries[ownerOf(file.entries, r.ticketNumber)]!.name, xp_prize: r.xpPrize })),
  };
}

export function lotteryRoutes(lottery: Lottery, repos: Repos, guards: Guards, now: () => number) {
  const find = async (week: string) => {
    const ms = mondayOf(week);
    const d = ms === null ? undefined : await repos.ranks.getDraw(ms);
    if (!d) throw notFound("Lottery draw");
    return d;
  };
  return new Elysia({ name: "lottery", detail: { tags: ["Games"] } })
    .use(caller(guards))
    .get(
      "/api/v1/games/lottery/current",
      async ({ me }) => {
        const t0 = now();
        const ws = weekStart(t0);
        const mine = me ? await repos.ranks.userWeek(me.user.id, ws) : undefined;
        const last = await repos.ranks.getDraw(ws - WEEK_MS);
        return {
          week_start: day(ws), closes_at: iso(ws + WEEK_MS), prizes_xp: PRIZES, my_tickets: me ? (mine?.totalShares ?? 0) : null,
          last_draw: last ? await drawJson(repos, lottery, last) : null,
        };
      },
      { optionalUser: true, detail: { summary: "This week's lottery: when it closes, the prizes, the caller's tickets (one per accepted share) and last week's draw" } },
    )
    .get(
      "/api/v1/games/lottery/past",
      async ({ query }) => ({ data: await Promise.all((await repos.ranks.listDraws(query.limit ?? 20)).map((d) => drawJson(repos, lottery, d))) }),
      { query: t.Object({ limit: t.Optional(t.Integer({ minimum: 1, maximum: 100 })) }), detail: { summary: "Past draws, newest first" } },
    )
    .get(
      "/api/v1/games/lottery/mine",
      async ({ me }) => ({ data: (await repos.ranks.userResults(me.user.id, 50)).map((r) => ({ week_start: day(r.weekStart), position: r.position, ticket: r.ticketNumber, xp_prize: r.xpPrize })) }),
      { user: true, detail: { summary: "The caller's lottery wins" } },
    )
    .get("/api/v1/games/lottery/results/:week", async ({ params }) => drawJson(repos, lottery, await find(params.week)), {
      params: WeekParam,
      detail: { summary: "One week's draw: commitment, seeding block, hash, winners" },
    })
    .get(
      "/api/v1/games/lottery/results/:week/tickets.json",
      async ({ params }) => {
        const d = await find(params.week);
        return new Response(d.ticketFile, {
          headers: { "content-type": "application/json; charset=utf-8", "content-disposition": `attachment; filename="tbg-lottery-${params.week}.json"`, "x-commitment-sha256": d.commitment },
        });
      },
      { params: WeekParam, detail: { summary: "The frozen ticket file, byte for byte what the commitment hashes" } },
    )
    .post(
      "/api/v1/admin/lottery/:week/verify",
      async ({ params }) => {
        const ms = mondayOf(params.week);
        if (ms === null) throw notFound("Lottery draw");
        const v = await lottery.verify(ms);
        return { week_start: params.week, ok: v.ok, reason: v.reason, winners: v.winners.map((w) => ({ position: w.position, ticket: w.ticket })) };
      },
      { admin: true, params: WeekParam, detail: { summary: "Re-runs a drawn week from its stored file and block hash; verifies only, never redraws" } },
    );
}
