// PostgreSQL mirror of ../schema/bot.ts (see there for what each column means).
import { boolean, index, integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { int8, users } from "./core.ts";

export const botChats = pgTable(
  "bot_chats",
  {
    chatId: int8("chat_id").primaryKey(),
    userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
    username: text("username"),
    referral: text("referral"),
    blockedAt: int8("blocked_at"),
    bestDiffAlerts: boolean("best_diff_alerts").notNull().default(false),
    createdAt: int8("created_at").notNull(),
    updatedAt: int8("updated_at").notNull(),
  },
  (t) => [index("bot_chats_user_idx").on(t.userId)],
);

export const botAddressSubs = pgTable(
  "bot_address_subs",
  {
    chatId: int8("chat_id")
      .notNull()
      .references(() => botChats.chatId, { onDelete: "cascade" }),
    address: text("address").notNull(),
    createdAt: int8("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.chatId, t.address] }), index("bot_address_subs_address_idx").on(t.address)],
);

export const botBroadcasts = pgTable("bot_broadcasts", {
  id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
  adminUserId: integer("admin_user_id").references(() => users.id, { onDelete: "set null" }),
  adminChatId: int8("admin_chat_id").notNull(),
  text: text("text").notNull(),
  state: text("state").notNull(),
  createdAt: int8("created_at").notNull(),
});

export const botOutbox = pgTable(
  "bot_outbox",
  {
    id: int8("id").primaryKey().generatedByDefaultAsIdentity(),
    chatId: int8("chat_id").notNull(),
    text: text("text").notNull(),
    kind: text("kind").notNull(),
    broadcastId: integer("broadcast_id").references(() => botBroadcasts.id, { onDelete: "cascade" }),
    status: text("status").notNull(),
    attempts: integer("attempts").notNull().default(0),
    error: text("error"),
    createdAt: int8("created_at").notNull(),
    sentAt: int8("sent_at"),
  },
  (t) => [index("bot_outbox_status_idx").on(t.status, t.id), index("bot_outbox_broadcast_idx").on(t.broadcastId, t.status)],
);
