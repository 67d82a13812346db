// Every table, for drizzle's typed client. Only src/db/ imports from here.
export * from "./core.ts";
export * from "./mining.ts";
export * from "./auth.ts";
export * from "./cluster.ts";
export * from "./game.ts";
export * from "./bot.ts";
