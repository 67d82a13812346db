// The web side of accounts: JSON API, pages and CORS, as one plugin.
import { Elysia } from "elysia";
import type { AuthCtx } from "./context.ts";
import type { Guards } from "./guards.ts";
import { adminRoutes } from "../http/routes/admin.ts";
import { authRoutes } from "../http/routes/auth.ts";
import { corsRoutes } from "../http/routes/auth-cors.ts";
import { usersRoutes } from "../http/routes/users.ts";
import { authPageRoutes } from "../http/routes/auth-pages.ts";
import { usersPageRoutes } from "../http/routes/users-pages.ts";

export function accountsFeature(ctx: AuthCtx, guards: Guards) {
  return new Elysia({ name: "accounts" })
    .use(corsRoutes(ctx.config.http.corsOrigins))
    .use(authRoutes(ctx, guards))
    .use(usersRoutes(ctx, guards))
    .use(adminRoutes(ctx, guards))
    .use(authPageRoutes(ctx, guards))
    .use(usersPageRoutes(ctx, guards));
}
