import { defineConfig } from "drizzle-kit";

// The PostgreSQL twin of drizzle.config.ts: the pg-core mirror of every table generates into
// migrations/pg/, which `bun run db:generate` bundles into src/db/migrations-pg.generated.ts.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/schema-pg/index.ts",
  out: "./migrations/pg",
});
