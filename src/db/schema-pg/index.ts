// Every PostgreSQL table, for drizzle's typed client and drizzle-kit (drizzle.pg.config.ts).
// Only src/db/ imports from here.
export * from "./core.ts";
export * from "./mining.ts";
export * from "./auth.ts";
export * from "./cluster.ts";
export * from "./game.ts";
export * from "./notifications.ts";
export * from "./learn.ts";
export * from "./social.ts";
export * from "./competitions.ts";
export * from "./tokens.ts";
export * from "./ranks.ts";
export * from "./bot.ts";
export * from "./token-quests.ts";
export * from "./token-airdrops.ts";
