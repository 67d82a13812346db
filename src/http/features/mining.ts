// The web side of mining data: /api/v1/mining/*, /api/v1/public/*, ckpool's /users/:address,
// and the dashboard, pool and setup pages, built from the mining domain's read model.
import { Elysia } from "elysia";
import type { Mining } from "../../mining/service.ts";
import type { Feature } from "../app.ts";
import type { AppDeps } from "../deps.ts";
import { miningRoutes, type DashboardGame } from "../routes/mining.ts";
import { accountResolver, addressResolver } from "../routes/mining-miner.ts";
import { miningPageRoutes } from "../routes/mining-pages.ts";
import { publicRoutes } from "../routes/public.ts";
import { widgetRoutes } from "../routes/widget.ts";

export function miningFeature(mining: Mining, game?: DashboardGame): Feature {
  const r = mining.readModel;
  const byAddress = addressResolver(r.queries, r.isHidden);
  const resolve = r.optionalUser ? accountResolver(r.optionalUser, byAddress) : byAddress;
  const api = miningRoutes(r.stats, resolve, game);
  const pub = publicRoutes(r.stats, r.queries, r.privacyOf);
  const widget = widgetRoutes(r.stats, r.queries, r.privacyOf);
  // Pages know who is looking: a signed-in user's own address is the default, their time zone writes the times.
  const viewer = r.optionalUser
    ? async (request: Request) => {
        const p = await r.optionalUser!(request);
        return p && { userId: p.user.id, address: p.user.btcAddress, zone: await r.timezoneOf(p.user.id) };
      }
    : undefined;
  const pages = miningPageRoutes(r.stats, r.queries, r.agg, r.now, r.hiddenFrom, viewer);
  return (app: AppDeps) => new Elysia({ name: "mining-feature" }).use(api(app)).use(pub()).use(widget()).use(pages(app));
}
