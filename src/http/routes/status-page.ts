// The pool status page ("/") and its self-refreshing partial.
import { Elysia } from "elysia";
import type { AppDeps } from "../deps.ts";
import { htmlResponse, renderPage } from "../page.ts";
import { statusCards, statusPage, type StatusView } from "../../../views/pages/status.ts";
import { explainNode } from "../../admin/node-explain.ts";

export async function statusView(deps: AppDeps, request: Request): Promise<StatusView> {
  const s = deps.pool.status();
  const zone = deps.viewerZone ? await deps.viewerZone(request) : null;
  const host = deps.config.stratum.publicHost ?? (hostnameOf(request) || "localhost");
  return {
    startedAt: deps.startedAt,
    now: deps.now(),
    version: deps.version,
    network: deps.config.network,
    node: {
      ...s.node,
      state: s.node.problem?.kind === "wrong-chain" ? "wrong-network" : s.node.state,
      explanation: explainNode(s.node, deps.config),
    },
    stratum: { listening: s.listening, host, port: s.port, url: `stratum+tcp://${host}:${s.port}` },
    height: s.height,
    networkDifficulty: s.networkDifficulty,
    sessions: s.sessions,
    workers: s.workers,
    blocksFound: s.blocksFound,
    cluster: deps.cluster?.view() ?? undefined,
    zone,
  };
}

/** The host name the browser used to reach us is the one miners on the same LAN can use. */
function hostnameOf(request: Request): string {
  return new URL(request.url).hostname.replace(/^\[|\]$/g, "");
}

export function statusPageRoutes(deps: AppDeps) {
  return new Elysia({ name: "status-page" })
    .get("/", async ({ request }) => renderPage(request, { title: "Pool status", path: "/" }, statusPage(await statusView(deps, request))), {
      detail: { hide: true },
    })
    .get("/partials/status", async ({ request }) => htmlResponse(statusCards(await statusView(deps, request))), { detail: { hide: true } });
}
