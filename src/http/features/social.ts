// The web side of cooperatives: /api/v1/social/* and the coop pages.
import { Elysia } from "elysia";
import type { Guards } from "../../auth/guards.ts";
import type { Coops } from "../../social/coops.ts";
import type { Feature } from "../app.ts";
import { socialRoutes } from "../routes/social.ts";
import { socialPageRoutes } from "../routes/social-pages.ts";

export function socialFeature(coops: Coops, guards: Guards): Feature {
  return (deps) => new Elysia({ name: "social-feature" }).use(socialRoutes(coops, guards)).use(socialPageRoutes(coops, guards, deps));
}
