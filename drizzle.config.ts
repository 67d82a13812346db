import { defineConfig } from "drizzle-kit";

// drizzle-kit writes SQL into migrations/sqlite/ (PostgreSQL: drizzle.pg.config.ts); `bun run db:generate` then bundles that folder into
// src/db/migrations.generated.ts so the compiled binary carries its migrations.
export default defineConfig({
  dialect: "sqlite",
  schema: "./src/db/schema/index.ts",
  out: "./migrations/sqlite",
});
