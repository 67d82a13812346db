// The web side of the lessons: /api/v1/education/* and the Learn pages.
import { Elysia } from "elysia";
import type { Guards } from "../../auth/guards.ts";
import type { Learn } from "../../learn/service.ts";
import type { Feature } from "../app.ts";
import { learnRoutes } from "../routes/learn.ts";
import { learnPageRoutes } from "../routes/learn-pages.ts";

export function learnFeature(learn: Learn, guards: Guards): Feature {
  return () => new Elysia({ name: "learn-feature" }).use(learnRoutes(learn, guards)).use(learnPageRoutes(learn, guards));
}
