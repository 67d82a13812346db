// GET /api/ws: the WebSocket of seed 003 §7. The gate (src/realtime/gate.ts) decides before the
// upgrade, so a refused connect is a plain HTTP 401/403/429; after it the hub owns the socket.
import { Elysia } from "elysia";
import type { ServerWebSocket } from "bun";
import { clientOf } from "../../auth/client-ip.ts";
import type { Gate } from "../../realtime/gate.ts";
import type { Client, Hub, Identity } from "../../realtime/hub.ts";

/** The hub's client of each open socket. */
const clients = new WeakMap<object, Client>();
/** Elysia runs a ws route's beforeHandle both as a lifecycle hook and before the upgrade: one gate decision per request. */
const decided = new WeakMap<Request, Promise<Identity | null>>();

export function wsRoutes(hub: Hub, gate: Gate) {
  return new Elysia({ name: "ws-routes" }).ws("/api/ws", {
    detail: { tags: ["realtime"], summary: "WebSocket: subscribe to shares, workers, blocks, feed, notifications, leaderboard, competition, pool" },
    async beforeHandle(ctx) {
      if (ctx.server) {
        const server = ctx.server;
        hub.useBroadcast((topic, text) => server.publish(topic, text));
      }
      let p = decided.get(ctx.request);
      if (!p) decided.set(ctx.request, (p = gate.admit(ctx.request, clientOf(ctx.request, ctx.server).ip ?? "local")));
      const who = await p;
      (ctx as unknown as { wsWho: Identity | null }).wsWho = who;
    },
    open(ws) {
      const raw = ws.raw as ServerWebSocket<{ wsWho?: Identity | null }>;
      const c = hub.open(
        {
          send: (text) => raw.send(text),
          buffered: () => raw.getBufferedAmount(),
          close: (code, reason) => raw.close(code, reason),
          subscribe: (topic) => raw.subscribe(topic),
          unsubscribe: (topic) => raw.unsubscribe(topic),
        },
        raw.data.wsWho ?? null,
      );
      clients.set(raw, c);
    },
    message(ws, message) {
      const c = clients.get(ws.raw);
      if (c) hub.message(c, message);
    },
    close(ws) {
      const c = clients.get(ws.raw);
      if (c) hub.closed(c);
      clients.delete(ws.raw);
    },
  });
}
