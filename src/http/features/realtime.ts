// The web side of the realtime hub: GET /api/ws.
import type { Guards } from "../../auth/guards.ts";
import { createGate } from "../../realtime/gate.ts";
import type { Hub } from "../../realtime/hub.ts";
import type { Feature } from "../app.ts";
import { wsRoutes } from "../routes/ws.ts";

export function realtimeFeature(hub: Hub, guards: Guards, limits?: { perUser?: number; perIp?: number }): Feature {
  return (deps) => wsRoutes(hub, createGate(guards, deps.config, deps.now, limits));
}
