// The web side of accounts: JSON API, pages and CORS, as one plugin built from the account
// system (src/auth/accounts.ts), which knows nothing about HTTP.
import { Elysia } from "elysia";
import type { Accounts } from "../../auth/accounts.ts";
import type { Feature } from "../app.ts";
import { adminRoutes } from "../routes/admin.ts";
import { authRoutes } from "../routes/auth.ts";
import { corsRoutes } from "../routes/auth-cors.ts";
import { usersRoutes } from "../routes/users.ts";
import { authPageRoutes } from "../routes/auth-pages.ts";
import { usersPageRoutes } from "../routes/users-pages.ts";

export function accountsFeature(accounts: Accounts): Feature {
  const { ctx, guards } = accounts;
  return (deps) =>
    new Elysia({ name: "accounts" })
      .use(corsRoutes(ctx.config.http.corsOrigins))
      .use(authRoutes(ctx, guards))
      .use(usersRoutes(ctx, guards))
      .use(adminRoutes(ctx, guards))
      .use(authPageRoutes(ctx, guards))
      .use(usersPageRoutes(ctx, guards, deps));
}
