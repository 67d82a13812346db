// /api/v1/mining/* (seed 003 §6 "Mining Dashboard"): the miner's own numbers. Which miner is
// decided by the resolver (payout address now, the signed-in user once accounts exist).
import { Elysia, t } from "elysia";
import type { MiningStats } from "../../mining/stats.ts";
import { decodeCursor } from "../../mining/stats.ts";
import type { AppDeps } from "../deps.ts";
import { ApiError, ErrorModel, notFound } from "../errors.ts";
import type { MinerResolver } from "./mining-miner.ts";
import { setupInfo } from "./mining-setup.ts";

const Address = t.Optional(t.String({ maxLength: 100, description: "Payout address of the miner (until sign-in exists)" }));
// An integer: "1.5" used to reach SQL LIMIT and fail there as a 500.
const Limit = t.Optional(t.Integer({ minimum: 1, maximum: 100, description: "Page size (default 20)" }));
const Cursor = t.Optional(t.String({ maxLength: 200, description: "next_cursor of the previous page" }));
const Errors = { 400: ErrorModel, 404: ErrorModel, 422: ErrorModel };

const Pagination = t.Object({ limit: t.Number(), has_more: t.Boolean(), next_cursor: t.Nullable(t.String()) });
const Network = t.Object({ difficulty: t.Nullable(t.Number()), block_height: t.Nullable(t.Number()), next_retarget_blocks: t.Nullable(t.Number()) });
export const DashboardModel = t.Object({
  hashrate: t.Object({ current: t.Number(), change_24h: t.Nullable(t.Number()), sparkline_24h: t.Array(t.Number()) }),
  shares: t.Object({ today: t.Number(), change_24h: t.Nullable(t.Number()), accepted_rate: t.Nullable(t.Number()) }),
  workers: t.Object({ online: t.Number(), total: t.Number() }),
  best_diff: t.Object({
    weekly: t.Number(), alltime: t.Number(), since_last_block: t.Number(), weekly_rank: t.Nullable(t.Number()), weekly_percentile: t.Nullable(t.Number()),
  }),
  network: Network,
  streak: t.Optional(t.Object({ weeks: t.Integer(), is_active: t.Boolean(), deadline: t.String(), longest: t.Integer() })),
  level: t.Optional(t.Object({ current: t.Integer(), title: t.String(), xp_total: t.Integer(), xp_into_level: t.Integer(), xp_for_level: t.Integer(), next_title: t.String() })),
});

/** The game's blocks of the dashboard (seed 003 §6: streak and level), when the game runs. */
export type DashboardGame = (userId: number) => Promise<{ streak: NonNullable<(typeof DashboardModel)["static"]["streak"]>; level: NonNullable<(typeof DashboardModel)["static"]["level"]> }>;

function cursorId(cursor: string | undefined): number | null {
  const v = decodeCursor<number>(cursor, "id");
  if (v === undefined || (v !== null && typeof v !== "number")) throw new ApiError(400, "INVALID_CURSOR", "The cursor is not valid");
  return v;
}

export function miningRoutes(stats: MiningStats, resolve: MinerResolver, game?: DashboardGame) {
  return (deps: AppDeps) =>
    new Elysia({ name: "mining", prefix: "/api/v1/mining", detail: { tags: ["Mining"] } })
      .get("/dashboard", async ({ request, query }) => {
        const m = await resolve(request, query);
        const [d, g] = await Promise.all([stats.dashboard(m.address, m.userId), game?.(m.userId)]);
        return g ? { ...d, ...g } : d;
      }, { query: t.Object({ address: Address }), response: { 200: DashboardModel, ...Errors }, detail: { summary: "Main dashboard numbers" } })
      .get("/workers", async ({ request, query }) => {
        const m = await resolve(request, query);
        return { data: await stats.workers(m.address, m.userId) };
      }, { query: t.Object({ address: Address }), detail: { summary: "All workers with online state and hashrate" } })
      .get("/workers/:id", async ({ request, query, params }) => {
        const m = await resolve(request, query);
        const w = await stats.worker(m.address, m.userId, params.id);
        if (!w) throw notFound("Worker");
        return w;
      }, { params: t.Object({ id: t.Integer({ minimum: 1 }) }), query: t.Object({ address: Address }), detail: { summary: "One worker: 24 h hashrate and recent shares" } })
      .get("/shares", async ({ request, query }) => {
        const m = await resolve(request, query);
        return await stats.shares(m.userId, cursorId(query.cursor), query.limit ?? 20);
      }, { query: t.Object({ address: Address, limit: Limit, cursor: Cursor }), detail: { summary: "Share history, newest first (kept for the retention window)" } })
      .get("/shares/live", async ({ request, query }) => {
        const m = await resolve(request, query);
        return { data: stats.live(m.address) };
      }, { query: t.Object({ address: Address }), detail: { summary: "The latest 20 shares" } })
      .get("/hashrate", async ({ request, query }) => {
        const m = await resolve(request, query);
        return await stats.userSeries(m.userId, query.range ?? "24h");
      }, {
        query: t.Object({ address: Address, range: t.Optional(t.Union([t.Literal("1h"), t.Literal("24h"), t.Literal("7d"), t.Literal("30d")])) }),
        detail: { summary: "Hashrate history (1h, 24h, 7d, 30d)" },
      })
      .get("/difficulty", async ({ request, query }) => {
        const m = await resolve(request, query);
        return await stats.difficulty(m.userId);
      }, { query: t.Object({ address: Address }), detail: { summary: "Achieved difficulty: scatter (24 h) and distribution" } })
      .get("/blocks", ({ query }) => stats.blocks(cursorId(query.cursor), query.limit ?? 20), {
        query: t.Object({ limit: Limit, cursor: Cursor }),
        detail: { summary: "Blocks found by the pool" },
      })
      .get("/best-diff", async ({ request, query }) => {
        const m = await resolve(request, query);
        return await stats.bestDiff(m.userId);
      }, { query: t.Object({ address: Address }), detail: { summary: "This week's best difficulty, rank and past weeks" } })
      .get("/personal-bests", async ({ request, query }) => {
        const m = await resolve(request, query);
        return await stats.bests(m.userId);
      }, { query: t.Object({ address: Address }), detail: { summary: "Best share this week, month, ever, and since the pool's last block" } })
      .get("/daily-stats", async ({ request, query }) => {
        const m = await resolve(request, query);
        const before = decodeCursor<string>(query.cursor, "day");
        if (before === undefined || (before !== null && typeof before !== "string")) throw new ApiError(400, "INVALID_CURSOR", "The cursor is not valid");
        return await stats.dailyStats(m.userId, before, query.limit ?? 30);
      }, { query: t.Object({ address: Address, limit: Limit, cursor: Cursor }), detail: { summary: "Daily aggregated stats, newest first" } })
      .get("/setup", ({ request, query }) => setupInfo(deps, request, query.address), {
        query: t.Object({ address: Address }),
        detail: { summary: "How to point a miner at this pool" },
      });
}

export { Pagination };
