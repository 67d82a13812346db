// The Telegram bot's own state (src/bot/): the chats that talked to it (with the referral they
// arrived with and whether they blocked the bot), block-alert subscriptions by payout address
// (public-pool parity: no account needed), and the outbox every message goes through, so a
// broadcast interrupted by a restart resumes where it stopped. Times in unix ms.
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./core.ts";

export const botChats = sqliteTable(
  "bot_chats",
  {
    /** Telegram chat id; for a private chat it is the Telegram user id. */
    chatId: integer("chat_id").primaryKey(),
    /** The linked account (users.telegram_id = chat id) when there is one. */
    userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
    username: text("username"),
    /** The `/start` payload the chat first arrived with (a referral code); never overwritten. */
    referral: text("referral"),
    /** Set when Telegram answered 403 (the user blocked the bot): nothing is sent any more. */
    blockedAt: integer("blocked_at"),
    /** `/bestdiff`: a message for every new pool-wide best share difficulty. */
    bestDiffAlerts: integer("best_diff_alerts", { mode: "boolean" }).notNull().default(false),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("bot_chats_user_idx").on(t.userId)],
);

export const botAddressSubs = sqliteTable(
  "bot_address_subs",
  {
    chatId: integer("chat_id")
      .notNull()
      .references(() => botChats.chatId, { onDelete: "cascade" }),
    address: text("address").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.chatId, t.address] }), index("bot_address_subs_address_idx").on(t.address)],
);

export const botBroadcasts = sqliteTable("bot_broadcasts", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  adminUserId: integer("admin_user_id").references(() => users.id, { onDelete: "set null" }),
  /** The chat the admin sent /broadcast from: it gets the delivered/failed report. */
  adminChatId: integer("admin_chat_id").notNull(),
  text: text("text").notNull(),
  /** draft (preview shown, not confirmed) | sending | done. */
  state: text("state").notNull(),
  createdAt: integer("created_at").notNull(),
});

export const botOutbox = sqliteTable(
  "bot_outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    chatId: integer("chat_id").notNull(),
    text: text("text").notNull(),
    /** What it is (block_found, worker_offline, broadcast, …), for logs and counts. */
    kind: text("kind").notNull(),
    broadcastId: integer("broadcast_id").references(() => botBroadcasts.id, { onDelete: "cascade" }),
    /** pending | sent | failed | blocked. */
    status: text("status").notNull(),
    attempts: integer("attempts").notNull().default(0),
    error: text("error"),
    createdAt: integer("created_at").notNull(),
    sentAt: integer("sent_at"),
  },
  (t) => [index("bot_outbox_status_idx").on(t.status, t.id), index("bot_outbox_broadcast_idx").on(t.broadcastId, t.status)],
);
