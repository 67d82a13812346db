// A flat summary for Home Assistant REST sensors, Umbrel widgets and status bars: no account,
// small, stable field names. The pool's numbers are public; a miner's follow their privacy
// settings — a hidden profile answers 404 like an unknown address, a hidden hashrate leaves
// hashrate and odds null (odds would reveal it).
import { Elysia, t } from "elysia";
import type { MiningReads } from "../../db/mining-reads.ts";
import type { MiningStats } from "../../mining/stats.ts";
import { ErrorModel, notFound } from "../errors.ts";
import { lookupMiner } from "./mining-miner.ts";
import type { PrivacyOf } from "./public.ts";

/** Hashes per unit of difficulty (difficulty 1 = 2^32 hashes on average). */
const HASHES_PER_DIFF = 2 ** 32;
const DAY_S = 86_400;

/** Chance of at least one block in a day, and the expected days to one, at `hashrate` H/s. */
export function odds(hashrate: number, difficulty: number | null): { perDay: number | null; expectedDays: number | null } {
  if (difficulty === null || !(difficulty > 0) || !(hashrate > 0)) return { perDay: null, expectedDays: null };
  const expectedS = (difficulty * HASHES_PER_DIFF) / hashrate;
  return { perDay: 1 - Math.exp(-DAY_S / expectedS), expectedDays: expectedS / DAY_S };
}

const Nullable = (x: ReturnType<typeof t.Number>) => t.Union([x, t.Null()]);
const PoolSummary = t.Object({
  hashrate_5m: t.Number(), hashrate_1h: t.Number(), workers_online: t.Number(), miners_online: t.Number(), blocks_found: t.Number(),
  network_difficulty: Nullable(t.Number()), block_height: Nullable(t.Number()), odds_per_day: Nullable(t.Number()), expected_days: Nullable(t.Number()),
});
const MinerSummary = t.Object({
  address: t.String(), hashrate_5m: Nullable(t.Number()), workers_online: t.Number(), best_diff_week: t.Number(), best_diff_alltime: t.Number(),
  odds_per_day: Nullable(t.Number()), expected_days: Nullable(t.Number()),
});

export function widgetRoutes(stats: MiningStats, q: Pick<MiningReads, "userIdByAddress">, privacyOf: PrivacyOf) {
  const pool = async () => {
    const s = await stats.publicStats();
    const o = odds(s.hashrate["1h"], s.network.difficulty);
    return {
      hashrate_5m: s.hashrate["5m"], hashrate_1h: s.hashrate["1h"], workers_online: s.workers.online, miners_online: s.miners.online, blocks_found: s.blocks.found,
      network_difficulty: s.network.difficulty, block_height: s.network.block_height, odds_per_day: o.perDay, expected_days: o.expectedDays,
    };
  };
  return () =>
    new Elysia({ name: "widget-summary", detail: { tags: ["Public"] } })
      .get("/api/v1/public/summary", async () => ({ pool: await pool(), updated_at: new Date().toISOString() }), {
        response: { 200: t.Object({ pool: PoolSummary, updated_at: t.String() }) },
        detail: { summary: "The pool in a few numbers, for Home Assistant and widgets (no account)" },
      })
      .get(
        "/api/v1/public/summary/:address",
        async ({ params }) => {
          const m = await lookupMiner(q, params.address);
          const privacy = await privacyOf(m.userId);
          if (!privacy.showProfile) throw notFound("Miner");
          const [p, workers, bests] = await Promise.all([pool(), stats.workers(m.address, m.userId), stats.bests(m.userId)]);
          const hr = workers.reduce((a, w) => a + w.hashrate_5m, 0);
          const o = privacy.showHashrate ? odds(hr, p.network_difficulty) : { perDay: null, expectedDays: null };
          return {
            pool: p,
            miner: {
              address: m.address, hashrate_5m: privacy.showHashrate ? hr : null, workers_online: workers.filter((w) => w.is_online).length,
              best_diff_week: bests.week?.difficulty ?? 0, best_diff_alltime: bests.alltime?.difficulty ?? 0, odds_per_day: o.perDay, expected_days: o.expectedDays,
            },
            updated_at: new Date().toISOString(),
          };
        },
        {
          params: t.Object({ address: t.String({ maxLength: 100 }) }),
          response: { 200: t.Object({ pool: PoolSummary, miner: MinerSummary, updated_at: t.String() }), 400: ErrorModel, 404: ErrorModel },
          detail: { summary: "The pool and one miner in a few numbers (a hidden profile is 404; a hidden hashrate is null)" },
        },
      );
}
