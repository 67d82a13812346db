// Liveness and readiness. /health answers while the process runs; /health/ready only when the
// database answers, the writer thread stores shares and the node gives the pool work (503 with
// the reasons otherwise): a pool that accepts shares it cannot store must not look ready.
import { Elysia, t } from "elysia";
import type { AppDeps } from "../deps.ts";
import { eventCounters, stratumCounters } from "../pool-counters.ts";
import { ApiError, ErrorModel } from "../errors.ts";
import { explainNode } from "../../admin/node-explain.ts";

export function healthRoutes(deps: AppDeps) {
  return new Elysia({ name: "health", detail: { tags: ["Health"] } })
    .get("/health", () => ({ status: "ok" as const, uptime_s: Math.floor((deps.now() - deps.startedAt) / 1000), version: deps.version }), {
      detail: { summary: "Process is up" },
      response: { 200: t.Object({ status: t.Literal("ok"), uptime_s: t.Number(), version: t.String() }) },
    })
    .get(
      "/health/ready",
      async () => {
        const database = (await deps.storage.ping().catch(() => false)) ? "ok" : "unavailable";
        const status = deps.pool.status();
        const node = status.node;
        const writer = deps.writer?.status();
        const writerOk = writer === undefined || writer.state === "ok";
        const counters = { stratum: stratumCounters(status), events: eventCounters(deps) };
        const checks = {
          database,
          ...(writer ? { writer: writer.state } : {}),
          ...(writer && !writerOk ? { writer_error: writer.error ?? "the writer thread has not answered yet", writer_since: new Date(writer.since).toISOString() } : {}),
          node: node.state,
          ...(node.state !== "ready" ? { node_error: explainNode(node, deps.config) } : {}),
        };
        if (database !== "ok" || !writerOk || node.state !== "ready") throw new ApiError(503, "NOT_READY", "Not ready to serve miners", { ...checks, ...counters });
        // The leader runs the scheduled jobs; alone (SQLite, or no cluster wiring) this instance always does.
        const cluster = { leader: deps.cluster?.isLeader() ?? true, ...(deps.cluster ? { instance: deps.cluster.instanceId } : {}) };
        return { status: "ready" as const, checks: { database, engine: deps.storage.engine, node: node.state, ...(writer ? { writer: writer.state } : {}) }, ...cluster, ...counters };
      },
      {
        detail: {
          summary: "Database answers, shares are being stored and the Bitcoin node gives work",
          description:
            "Also counts what the pool's limits refused or cut (`stratum`) and any pool event lost on its way to storage (`events`; `accepted_shares_dropped` must stay 0).",
        },
        response: {
          200: t.Object({
            status: t.Literal("ready"),
            checks: t.Object({ database: t.String(), engine: t.String(), node: t.String(), writer: t.Optional(t.String()) }),
            leader: t.Boolean(),
            instance: t.Optional(t.String()),
            stratum: t.Record(t.String(), t.Number()),
            events: t.Record(t.String(), t.Number()),
          }),
          503: ErrorModel,
        },
      },
    );
}
