// What is left of the synchronous user queries: the mining service still reads privacy settings
// on the SQLite connection it holds. Everything else goes through the async repositories
// (src/db/repos.ts: repos.users); this goes too once mining takes them (repos.users.findSettings).
import { eq } from "drizzle-orm";
import type { Db } from "./client.ts";
import { userSettings } from "./schema/index.ts";

export type UserSettingsRow = typeof userSettings.$inferSelect;

/** Settings row if the user ever had one (accounts get one; pool-created miners do not). */
export function findSettings(db: Db, userId: number): UserSettingsRow | undefined {
  return db.orm.select().from(userSettings).where(eq(userSettings.userId, userId)).get();
}
