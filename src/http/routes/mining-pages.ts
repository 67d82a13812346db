// Pages of the mining domain: /dashboard (one miner), /pool, /setup, and their self-refreshing
// partials. Same numbers as the JSON API, rendered on the server.
import { Elysia, t } from "elysia";
import type { MiningReads } from "../../db/mining-reads.ts";
import type { Aggregator } from "../../mining/aggregator.ts";
import type { MiningStats } from "../../mining/stats.ts";
import { dashboardEmpty, dashboardPage, dashboardStats, type DashboardView } from "../../../views/pages/dashboard.ts";
import { poolPage, poolStats, type PoolView } from "../../../views/pages/pool.ts";
import { setupPage, setupWait } from "../../../views/pages/setup.ts";
import { miningToday } from "../../../views/partials/mining-today.ts";
import type { AppDeps } from "../deps.ts";
import { httpFailure } from "../errors.ts";
import { htmlResponse, redirect, renderPage } from "../page.ts";
import { isAddressLike } from "./mining-miner.ts";
import { setupInfo } from "./mining-setup.ts";

const Q = t.Object({ address: t.Optional(t.String({ maxLength: 200 })) });

/** True when the miner's profile is hidden from this caller (see service.ts); then pages answer as for an unknown address. */
export type HiddenFrom = (request: Request, userId: number) => Promise<boolean>;

/** The signed-in user looking at a page (their payout address, their time-zone setting), or null. */
export type Viewer = (request: Request) => Promise<{ userId: number; address: string | null; zone: string | null } | null>;
type Seen = Awaited<ReturnType<Viewer>>;

export function miningPageRoutes(
  stats: MiningStats, q: Pick<MiningReads, "userIdByAddress">, agg: Aggregator, now: () => number,
  hiddenFrom: HiddenFrom = async () => false, viewer: Viewer = async () => null,
) {
  /**
   * Who is looking. Bad or revoked credentials on a public page: seen as anonymous. An expired
   * session: "renew" (a whole page sends the browser through /signin/renew and back).
   */
  const whoIs = async (request: Request): Promise<Seen | "renew"> => {
    try {
      return await viewer(request);
    } catch (e) {
      return httpFailure(e)?.code === "AUTH_TOKEN_EXPIRED" ? "renew" : null;
    }
  };
  const renew = (request: Request) => {
    const u = new URL(request.url);
    return redirect(request, `/signin/renew?next=${encodeURIComponent(u.pathname + u.search)}`);
  };
  /** Whose page: the `?address=` given, else the signed-in user's own payout address. */
  const addressFor = (query: { address?: string }, me: Seen) => (query.address ?? "").trim() || me?.address || "";
  /** A partial's viewer: an expired session there is just anonymous (the page around it renews). */
  const seen = async (request: Request): Promise<Seen> => {
    const w = await whoIs(request);
    return w === "renew" ? null : w;
  };
  /** The miner's user id if the caller may see them, else null (unknown and hidden look alike). */
  const visibleUser = async (request: Request, address: string): Promise<number | null> => {
    const userId = await q.userIdByAddress(address);
    return userId !== null && !(await hiddenFrom(request, userId)) ? userId : null;
  };
  const dashboardView = async (address: string, userId: number, zone: string | null = null): Promise<DashboardView> => {
    const [dashboard, workers, series, rejects, blocks, bests] = await Promise.all([
      stats.dashboard(address, userId), stats.workers(address, userId), stats.userSeries(userId, "24h"), stats.rejects(userId),
      stats.blocks(null, 10, userId), stats.bests(userId),
    ]);
    return { address, dashboard, workers, series, rejects, blocks: blocks.data, bests, now: now(), zone };
  };
  const poolView = async (zone: string | null = null): Promise<PoolView> => {
    const [pool, day, week, blocks] = await Promise.all([stats.publicStats(), stats.poolSeries("24h"), stats.poolSeries("7d"), stats.blocks(null, 10)]);
    return { stats: pool, day, week, blocks: blocks.data, now: now(), zone };
  };

  return (deps: AppDeps) =>
    new Elysia({ name: "mining-pages" })
      .get("/dashboard", async ({ request, query }) => {
        const meta = { title: "Dashboard", path: "/dashboard" };
        const me = await whoIs(request);
        if (me === "renew") return renew(request);
        const address = addressFor(query, me);
        if (!address) return renderPage(request, meta, dashboardEmpty("", undefined, { linkAddress: me !== null }));
        if (!isAddressLike(address)) return renderPage(request, meta, dashboardEmpty(address, "That is not a Bitcoin address."), 400);
        const userId = await visibleUser(request, address);
        if (userId === null)
          return renderPage(request, meta, dashboardEmpty(address, "No shares from this address yet. Point a miner at the pool first."), 404);
        return renderPage(request, meta, dashboardPage(await dashboardView(address, userId, me?.zone)));
      }, { query: Q, detail: { hide: true } })
      .get("/partials/dashboard", async ({ request, query }) => {
        const me = await seen(request);
        const address = addressFor(query, me);
        const userId = isAddressLike(address) ? await visibleUser(request, address) : null;
        if (userId === null) return htmlResponse("", 404);
        return htmlResponse(dashboardStats(await dashboardView(address, userId, me?.zone)));
      }, { query: Q, detail: { hide: true } })
      .get("/partials/mining-today", async ({ request, query }) => {
        const me = await seen(request);
        const address = addressFor(query, me);
        // Signed in without a payout address (and not following another one): the way to link it.
        if (!address && me) return htmlResponse(miningToday(null, "", { linkAddress: true }));
        const userId = isAddressLike(address) ? await visibleUser(request, address) : null;
        const v = userId === null ? null : { address, dashboard: await stats.dashboard(address, userId) };
        return htmlResponse(miningToday(v, isAddressLike(address) ? address : "", { answered: true }));
      }, { query: Q, detail: { hide: true } })
      .get("/pool", async ({ request }) => {
        const me = await whoIs(request);
        if (me === "renew") return renew(request);
        return renderPage(request, { title: "Pool", path: "/pool" }, poolPage(await poolView(me?.zone)));
      }, { detail: { hide: true } })
      .get("/partials/pool", async ({ request }) => htmlResponse(poolStats(await poolView((await seen(request))?.zone))), { detail: { hide: true } })
      .get("/setup", async ({ request, query }) => {
        const meta = { title: "Set up a miner", path: "/setup" };
        const me = await whoIs(request);
        if (me === "renew") return renew(request);
        const address = addressFor(query, me) || null;
        const bad = address !== null && !isAddressLike(address);
        const info = setupInfo(deps, request, bad ? undefined : (address ?? undefined));
        const page = setupPage({ info, address, error: bad ? "That is not a Bitcoin address." : undefined, since: now(), linkAddress: me !== null && !address });
        return renderPage(request, meta, page, bad ? 400 : 200);
      }, { query: Q, detail: { hide: true } })
      .get("/partials/setup/wait", async ({ request, query }) => {
        const me = await seen(request);
        const address = addressFor(query, me);
        if (!isAddressLike(address)) return htmlResponse("", 400);
        const since = Number(query.since);
        const from = Number.isFinite(since) ? since : now();
        // A hidden miner looks like one that has sent nothing yet.
        const userId = await q.userIdByAddress(address);
        const hidden = userId !== null && (await hiddenFrom(request, userId));
        return htmlResponse(setupWait(address, from, hidden ? [] : agg.firstSharesSince(address, from), now(), me?.zone));
      }, { query: t.Object({ address: t.Optional(t.String({ maxLength: 200 })), since: t.Optional(t.String({ maxLength: 20 })) }), detail: { hide: true } });
}
