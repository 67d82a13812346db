// Seed 000's token leaderboards at /api/v1/leaderboards (plural; the pool's boards are at
// /api/v1/leaderboard/*), and the Boards page inside Tap.
import { Elysia, t } from "elysia";
import type { Guards } from "../../auth/guards.ts";
import { BOARD_TYPES, PERIODS, type BoardType, type Period } from "../../tokens/leaderboards.ts";
import type { Tokens } from "../../tokens/service.ts";
import { displayTokens } from "../../tokens/units.ts";
import { renderPage } from "../page.ts";
import { caller } from "../plugins/caller.ts";
import { amount } from "./tokens-json.ts";
import { tokenBoardsPage } from "../../../views/pages/token-boards.ts";

/** TOKENS scores are base units; the others are plain counts. */
const scoreJson = (type: BoardType, score: number) => (type === "TOKENS" ? amount(score) : score);
const LIMIT = 10;

export function tokenBoardRoutes(tokens: Tokens, guards: Guards) {
  const periodQuery = t.Object({ period: t.Optional(t.UnionEnum([...PERIODS])), limit: t.Optional(t.Integer({ minimum: 1, maximum: 100 })) });
  const boardJson = async (type: BoardType, period: Period, limit: number) => {
    const b = await tokens.boards.board(type, period, limit);
    return { type, period, period_key: b.key, entries: b.entries.map((e) => ({ rank: e.rank, user: e.name ?? `Player #${e.userId}`, score: scoreJson(type, e.score) })) };
  };
  return new Elysia({ name: "token-boards", prefix: "/api/v1/leaderboards", detail: { tags: ["Token leaderboards"] } })
    .use(caller(guards))
    .get("", async ({ query }) => ({ data: await Promise.all(BOARD_TYPES.map((type) => boardJson(type, query.period ?? "WEEKLY", query.limit ?? LIMIT))) }), {
      user: true,
      query: periodQuery,
      detail: { summary: "Every token board (TOKENS, POWER, REFERRALS, STREAK) of one period (default WEEKLY)" },
    })
    .get(
      "/user",
      async ({ me }) => ({ data: (await tokens.boards.mine(me.user.id)).map((r) => ({ type: r.type, period: r.period, score: scoreJson(r.type, r.score), rank: r.rank })) }),
      { user: true, detail: { summary: "The caller's score and rank on every board and period" } },
    )
    .get("/:type", async ({ params, query }) => boardJson(params.type, query.period ?? "WEEKLY", query.limit ?? LIMIT), {
      user: true,
      params: t.Object({ type: t.UnionEnum([...BOARD_TYPES]) }),
      query: periodQuery,
      detail: { summary: "One token board: DAILY, WEEKLY (from Monday), MONTHLY or ALL_TIME" },
    });
}

export function tokenBoardPages(tokens: Tokens, guards: Guards) {
  return new Elysia({ name: "token-board-pages" })
    .use(caller(guards))
    .get(
      "/play/boards",
      async ({ me, request, query }) => {
        const type = query.type ?? "TOKENS";
        const period = query.period ?? "WEEKLY";
        const [b, mine] = await Promise.all([tokens.boards.board(type, period, 50), tokens.boards.mine(me.user.id)]);
        const my = mine.find((r) => r.type === type && r.period === period)!;
        const show = (n: number) => (type === "TOKENS" ? displayTokens(n) : n.toLocaleString("en-US"));
        return renderPage(
          request,
          { title: "Token boards", path: "/play/boards" },
          tokenBoardsPage({ type, period, rows: b.entries.map((e) => ({ rank: e.rank, name: e.name ?? `Player #${e.userId}`, score: show(e.score), me: e.userId === me.user.id })), mine: { rank: my.rank, score: show(my.score) } }),
        );
      },
      { page: "user", query: t.Object({ type: t.Optional(t.UnionEnum([...BOARD_TYPES])), period: t.Optional(t.UnionEnum([...PERIODS])) }), detail: { hide: true } },
    );
}
