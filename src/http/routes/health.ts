// Liveness and readiness. /health answers while the process runs; /health/ready only when the
// database answers, the writer thread stores shares and the node gives the pool work (503 with
// the reasons otherwise): a pool that accepts shares it cannot store must not look ready.
import { Elysia, t } from "elysia";
import type { AppDeps } from "../deps.ts";
import { ApiError, ErrorModel } from "../errors.ts";

export function healthRoutes(deps: AppDeps) {
  return new Elysia({ name: "health", detail: { tags: ["Health"] } })
    .get("/health", () => ({ status: "ok" as const, uptime_s: Math.floor((deps.now() - deps.startedAt) / 1000), version: deps.version }), {
      detail: { summary: "Process is up" },
      response: { 200: t.Object({ status: t.Literal("ok"), uptime_s: t.Number(), version: t.String() }) },
    })
    .get(
      "/health/ready",
      () => {
        const database = deps.db.ping() ? "ok" : "unavailable";
        const node = deps.pool.status().node;
        const writer = deps.storage?.status();
        const writerOk = writer === undefined || writer.state === "ok";
        const checks = {
          database,
          ...(writer ? { writer: writer.state } : {}),
          ...(writer && !writerOk ? { writer_error: writer.error ?? "the writer thread has not answered yet", writer_since: new Date(writer.since).toISOString() } : {}),
          node: node.state,
          ...(node.state !== "ready" && node.lastError ? { node_error: node.lastError } : {}),
        };
        if (database !== "ok" || !writerOk || node.state !== "ready") throw new ApiError(503, "NOT_READY", "Not ready to serve miners", checks);
        return { status: "ready" as const, checks: { database, node: node.state, ...(writer ? { writer: writer.state } : {}) } };
      },
      {
        detail: { summary: "Database answers, shares are being stored and the Bitcoin node gives work" },
        response: {
          200: t.Object({ status: t.Literal("ready"), checks: t.Object({ database: t.String(), node: t.String(), writer: t.Optional(t.String()) }) }),
          503: ErrorModel,
        },
      },
    );
}
