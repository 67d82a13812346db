// Public, unauthenticated numbers: pool stats, a miner's public profile, and ckpool's per-user
// JSON (`/users/<address>`) that Bitaxe tools and existing dashboards already read.
import { Elysia, t } from "elysia";
import type { MiningReads } from "../../db/mining-reads.ts";
import type { MiningStats } from "../../mining/stats.ts";
import { ErrorModel, notFound } from "../errors.ts";
import { lookupMiner } from "./mining-miner.ts";
import { blockOdds, oneIn } from "../../compete/odds.ts";

const Rates = t.Object({ "1m": t.Number(), "5m": t.Number(), "1h": t.Number(), "1d": t.Number(), "7d": t.Number() });
const BlockModel = t.Object({
  id: t.Number(), height: t.Number(), hash: t.String(), address: t.String(), worker: t.Nullable(t.String()), reward_sats: t.Number(),
  network_difficulty: t.Number(), share_difficulty: t.Number(), status: t.String(), confirmations: t.Number(), found_at: t.String(),
});
export const PublicStatsModel = t.Object({
  hashrate: Rates,
  miners: t.Object({ total: t.Number(), online: t.Number() }),
  workers: t.Object({ total: t.Number(), online: t.Number() }),
  blocks: t.Object({ found: t.Number(), accepted: t.Number(), last: t.Nullable(BlockModel) }),
  network: t.Object({ difficulty: t.Nullable(t.Number()), block_height: t.Nullable(t.Number()), next_retarget_blocks: t.Nullable(t.Number()) }),
  /** `tbg` processes serving this pool (several share one PostgreSQL database); the numbers above are theirs together. */
  instances: t.Number(),
});
const CkWorker = t.Object({
  workername: t.String(), hashrate1m: t.String(), hashrate5m: t.String(), hashrate1hr: t.String(), hashrate1d: t.String(), hashrate7d: t.String(),
  lastshare: t.Number(), shares: t.Number(), bestshare: t.Number(), bestever: t.Number(),
});
export const CkpoolUserModel = t.Object({
  hashrate1m: t.String(), hashrate5m: t.String(), hashrate1hr: t.String(), hashrate1d: t.String(), hashrate7d: t.String(),
  lastshare: t.Number(), workers: t.Number(), shares: t.Number(), bestshare: t.Number(), bestever: t.Number(), authorised: t.Number(),
  worker: t.Array(CkWorker),
});
const AddressParam = t.Object({ address: t.String({ maxLength: 100 }) });
const Errors = { 400: ErrorModel, 404: ErrorModel };

/** What a miner chose to show publicly (user_settings privacy_*); no account = nothing hidden. */
export type PrivacyOf = (userId: number) => Promise<{ showProfile: boolean; showHashrate: boolean }>;

export function publicRoutes(stats: MiningStats, q: Pick<MiningReads, "userIdByAddress">, privacyOf: PrivacyOf) {
  // A hidden profile answers exactly like an unknown miner, so hiding cannot be detected.
  const visible = async (address: string) => {
    const m = await lookupMiner(q, address);
    const privacy = await privacyOf(m.userId);
    if (!privacy.showProfile) throw notFound("Miner");
    return { ...m, privacy };
  };
  return () =>
    new Elysia({ name: "public-mining", detail: { tags: ["Public"] } })
      .get("/api/v1/public/stats", () => stats.publicStats(), {
        response: { 200: PublicStatsModel },
        detail: { summary: "Pool hashrate, miners, workers, blocks and the network" },
      })
      .get("/api/v1/public/miners/:address", async ({ params }) => {
        const m = await visible(params.address);
        const [workers, bests, blocks, network] = await Promise.all([stats.workers(m.address, m.userId), stats.bests(m.userId), stats.blocks(null, 10, m.userId), stats.network()]);
        const hr = workers.reduce((a, w) => a + w.hashrate_5m, 0);
        const odds = blockOdds(hr, network.difficulty);
        return {
          address: m.address,
          hashrate: m.privacy.showHashrate ? hr : null,
          workers: { online: workers.filter((w) => w.is_online).length, total: workers.length },
          best_diff: { week: bests.week?.difficulty ?? 0, alltime: bests.alltime?.difficulty ?? 0 },
          blocks: blocks.data,
          // Odds at the current hashrate (Poisson; README "Odds of a block"); null when the network difficulty is unknown.
          odds: odds === null || !m.privacy.showHashrate ? null : { network_difficulty: odds.networkDifficulty, chance: odds.chance, expected_seconds: Number.isFinite(odds.expectedSeconds) ? odds.expectedSeconds : null },
          best_share_one_in: { week: oneIn(bests.week?.difficulty ?? 0), alltime: oneIn(bests.alltime?.difficulty ?? 0) },
        };
      }, { params: AddressParam, detail: { summary: "A miner's public profile" } })
      .get("/api/v1/public/ckpool/:address", async ({ params }) => {
        const m = await visible(params.address);
        return await stats.ckpool(m.address, m.userId);
      }, { params: AddressParam, response: { 200: CkpoolUserModel, ...Errors }, detail: { summary: "ckpool-compatible per-user stats" } })
      .get("/users/:address", async ({ params }) => {
        const m = await visible(params.address);
        return await stats.ckpool(m.address, m.userId);
      }, { params: AddressParam, response: { 200: CkpoolUserModel, ...Errors }, detail: { summary: "ckpool's own path for per-user stats (read by Bitaxe tools)" } });
}
