// BotRepo, written once for both engines (see conn.ts): the Telegram bot's chats, address
// subscriptions, broadcasts and the outbox every message goes through.
import { and, asc, count, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Conn } from "./conn.ts";
import type { BotBroadcastRow, BotChatRow, BotOutboxRow } from "./rows.ts";

export type NewOutbox = Pick<BotOutboxRow, "chatId" | "text" | "kind"> & { broadcastId?: number | null };

export interface BotRepo {
  /** Creates the chat or refreshes its username/user; the referral is kept from the first arrival only. */
  touchChat(row: { chatId: number; userId: number | null; username: string | null; referral: string | null }, at: number): Promise<BotChatRow>;
  findChat(chatId: number): Promise<BotChatRow | undefined>;
  /** Marks a chat blocked (403); a later /start clears it. */
  setBlocked(chatId: number, at: number | null): Promise<void>;
  setBestDiffAlerts(chatId: number, on: boolean, at: number): Promise<void>;
  /** Chats that asked for /bestdiff and have not blocked the bot. */
  bestDiffChats(): Promise<number[]>;
  /** Every chat that has not blocked the bot (broadcast audience). */
  reachableChats(): Promise<number[]>;
  /** False when the chat already follows the address. */
  subscribe(chatId: number, address: string, at: number): Promise<boolean>;
  /** Removes one address, or all of the chat's when none is named; returns how many. */
  unsubscribe(chatId: number, address?: string): Promise<number>;
  subscriptions(chatId: number): Promise<string[]>;
  /** Chats following the address that have not blocked the bot. */
  chatsFollowing(address: string): Promise<number[]>;
  enqueue(rows: NewOutbox[], at: number): Promise<void>;
  /** The oldest pending messages, in order. */
  pending(limit: number): Promise<BotOutboxRow[]>;
  finish(id: number, status: "sent" | "failed" | "blocked", at: number, error?: string | null): Promise<void>;
  /** Another attempt later (network error): counts it. */
  retryLater(id: number, error: string): Promise<void>;
  /** A blocked chat's other pending messages are not tried. */
  dropPendingFor(chatId: number, at: number): Promise<number>;
  insertBroadcast(row: { adminUserId: number | null; adminChatId: number; text: string }, at: number): Promise<BotBroadcastRow>;
  findBroadcast(id: number): Promise<BotBroadcastRow | undefined>;
  setBroadcastState(id: number, state: string): Promise<void>;
  broadcastsInState(state: string): Promise<BotBroadcastRow[]>;
  /** Count per outbox status of one broadcast. */
  broadcastCounts(id: number): Promise<Record<string, number>>;
}

export function botRepo(c: Conn): BotRepo {
  const { orm, t } = c;
  const { botChats, botAddressSubs, botOutbox, botBroadcasts } = t;
  return {
    async touchChat(row, at) {
      const [r] = await orm
        .insert(botChats)
        .values({ ...row, createdAt: at, updatedAt: at })
        .onConflictDoUpdate({
          target: botChats.chatId,
          set: { username: row.username, userId: row.userId, updatedAt: at, referral: sql`coalesce(${botChats.referral}, ${row.referral})` },
        })
        .returning();
      return r!;
    },
    findChat: (chatId) =>
      orm
        .select()
        .from(botChats)
        .where(eq(botChats.chatId, chatId))
        .then((r) => r[0]),
    async setBlocked(chatId, at) {
      await orm.update(botChats).set({ blockedAt: at }).where(eq(botChats.chatId, chatId));
    },
    async setBestDiffAlerts(chatId, on, at) {
      await orm.update(botChats).set({ bestDiffAlerts: on, updatedAt: at }).where(eq(botChats.chatId, chatId));
    },
    bestDiffChats: () =>
      orm
        .select({ id: botChats.chatId })
        .from(botChats)
        .where(and(eq(botChats.bestDiffAlerts, true), isNull(botChats.blockedAt)))
        .then((r) => r.map((x) => x.id)),
    reachableChats: () =>
      orm
        .select({ id: botChats.chatId })
        .from(botChats)
        .where(isNull(botChats.blockedAt))
        .orderBy(asc(botChats.chatId))
        .then((r) => r.map((x) => x.id)),
    subscribe: (chatId, address, at) =>
      orm
        .insert(botAddressSubs)
        .values({ chatId, address, createdAt: at })
        .onConflictDoNothing()
        .returning({ a: botAddressSubs.address })
        .then((r) => r.length > 0),
    unsubscribe: (chatId, address) =>
      orm
        .delete(botAddressSubs)
        .where(address === undefined ? eq(botAddressSubs.chatId, chatId) : and(eq(botAddressSubs.chatId, chatId), eq(botAddressSubs.address, address)))
        .returning({ a: botAddressSubs.address })
        .then((r) => r.length),
    subscriptions: (chatId) =>
      orm
        .select({ a: botAddressSubs.address })
        .from(botAddressSubs)
        .where(eq(botAddressSubs.chatId, chatId))
        .orderBy(asc(botAddressSubs.address))
        .then((r) => r.map((x) => x.a)),
    chatsFollowing: (address) =>
      orm
        .select({ id: botAddressSubs.chatId })
        .from(botAddressSubs)
        .innerJoin(botChats, eq(botChats.chatId, botAddressSubs.chatId))
        .where(and(eq(botAddressSubs.address, address), isNull(botChats.blockedAt)))
        .then((r) => r.map((x) => x.id)),
    async enqueue(rows, at) {
      if (rows.length === 0) return;
      // Large broadcasts go in slices: one statement per 500 rows stays under both engines' parameter limits.
      for (let i = 0; i < rows.length; i += 500)
        await orm.insert(botOutbox).values(rows.slice(i, i + 500).map((r) => ({ chatId: r.chatId, text: r.text, kind: r.kind, broadcastId: r.broadcastId ?? null, status: "pending", attempts: 0, createdAt: at })));
    },
    pending: (limit) => orm.select().from(botOutbox).where(eq(botOutbox.status, "pending")).orderBy(asc(botOutbox.id)).limit(limit),
    async finish(id, status, at, error = null) {
      await orm
        .update(botOutbox)
        .set({ status, sentAt: at, error, attempts: sql`${botOutbox.attempts} + 1` })
        .where(eq(botOutbox.id, id));
    },
    async retryLater(id, error) {
      await orm
        .update(botOutbox)
        .set({ error, attempts: sql`${botOutbox.attempts} + 1` })
        .where(eq(botOutbox.id, id));
    },
    dropPendingFor: (chatId, at) =>
      orm
        .update(botOutbox)
        .set({ status: "blocked", sentAt: at })
        .where(and(eq(botOutbox.chatId, chatId), eq(botOutbox.status, "pending")))
        .returning({ id: botOutbox.id })
        .then((r) => r.length),
    async insertBroadcast(row, at) {
      const [r] = await orm
        .insert(botBroadcasts)
        .values({ ...row, state: "draft", createdAt: at })
        .returning();
      return r!;
    },
    findBroadcast: (id) =>
      orm
        .select()
        .from(botBroadcasts)
        .where(eq(botBroadcasts.id, id))
        .then((r) => r[0]),
    async setBroadcastState(id, state) {
      await orm.update(botBroadcasts).set({ state }).where(eq(botBroadcasts.id, id));
    },
    broadcastsInState: (state) => orm.select().from(botBroadcasts).where(eq(botBroadcasts.state, state)).orderBy(asc(botBroadcasts.id)),
    broadcastCounts: (id) =>
      orm
        .select({ status: botOutbox.status, n: count() })
        .from(botOutbox)
        .where(and(eq(botOutbox.broadcastId, id), inArray(botOutbox.status, ["pending", "sent", "failed", "blocked"])))
        .groupBy(botOutbox.status)
        .then((r) => Object.fromEntries(r.map((x) => [x.status, Number(x.n)]))),
  };
}
