// Every message the bot sends on its own (alerts, broadcasts) goes through the outbox table
// and this sender, so a restart resumes where it stopped and Telegram's limits hold:
// ~30 messages a second overall and 1 a second per chat (Bot API FAQ). A 429 is retried by
// the auto-retry plugin installed on the API (it waits `retry_after`); a 403 (the user blocked
// the bot) marks the chat and drops its other pending messages; a network error tries again later.
import { GrammyError, HttpError, type Api } from "grammy";
import type { Clock } from "../core/time.ts";
import type { BotRepo } from "../db/repos.ts";
import type { Logger } from "../log.ts";

export const GLOBAL_PER_SECOND = 30;
export const PER_CHAT_MS = 1000;
/** After a network error the sender pauses this long before the next attempt. */
export const NETWORK_RETRY_MS = 5000;
/** A message that failed on the network this many times is given up. */
export const MAX_ATTEMPTS = 5;

export interface OutboxDeps {
  repo: BotRepo;
  api: Api;
  log: Logger;
  now?: Clock;
  /** Told when a broadcast has no pending messages left (delivered/failed counts). */
  onBroadcastDone?: (id: number) => void;
  /**
   * Whether this instance sends (the cluster's leader; always when absent). Every instance may
   * queue messages; one sends them, so two instances never deliver a row twice.
   */
  sends?: () => boolean;
}

export interface Outbox {
  send(chatId: number, text: string, kind: string, broadcastId?: number | null): Promise<void>;
  sendMany(chatIds: number[], text: string, kind: string, broadcastId?: number | null): Promise<void>;
  /** Starts (or nudges) the sender; resumes what a previous run left pending. */
  kick(): void;
  /** Resolves when nothing is pending (tests, shutdown). */
  idle(): Promise<void>;
  stop(): Promise<void>;
  stats(): { sent: number; failed: number; blocked: number; retried: number };
}

/** Telegram's answer when the user blocked the bot (or never started it). */
export const isBlocked = (e: unknown) => e instanceof GrammyError && e.error_code === 403;

export function createOutbox(deps: OutboxDeps): Outbox {
  const now = deps.now ?? Date.now;
  const { repo, api, log } = deps;
  const lastByChat = new Map<number, number>();
  const spacing = 1000 / GLOBAL_PER_SECOND;
  let lastSend = 0;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const s = { sent: 0, failed: 0, blocked: 0, retried: 0 };
  const broadcasts = new Set<number>();

  const wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

  const deliver = async (row: { id: number; chatId: number; text: string; broadcastId: number | null; attempts: number }) => {
    // A message queued while this chat's 403 was being recorded (its audience read just before
    // the mark) would otherwise be tried once more: the chat is marked before its pending rows
    // are dropped, so checking the mark here leaves no gap.
    if ((await repo.findChat(row.chatId))?.blockedAt) {
      await repo.dropPendingFor(row.chatId, now());
      return "ok" as const;
    }
    try {
      await api.sendMessage(row.chatId, row.text, { link_preview_options: { is_disabled: true } });
      s.sent++;
      await repo.finish(row.id, "sent", now());
    } catch (e) {
      if (isBlocked(e)) {
        s.blocked++;
        await repo.finish(row.id, "blocked", now(), (e as GrammyError).description);
        await repo.setBlocked(row.chatId, now());
        await repo.dropPendingFor(row.chatId, now());
        log.info("chat blocked the bot; no more messages to it", { chat: row.chatId });
      } else if (e instanceof GrammyError) {
        s.failed++;
        await repo.finish(row.id, "failed", now(), e.description);
        log.warn("Telegram refused a message", { chat: row.chatId, code: e.error_code, description: e.description });
      } else {
        // HttpError or anything else on the way: the message stays pending.
        if (row.attempts + 1 >= MAX_ATTEMPTS) {
          s.failed++;
          await repo.finish(row.id, "failed", now(), String((e as Error).message));
        } else {
          s.retried++;
          await repo.retryLater(row.id, String((e as Error).message));
        }
        log.warn("Bot API unreachable; retrying later", { error: e instanceof HttpError ? String(e.error) : String(e) });
        return "pause" as const;
      }
    }
    return "ok" as const;
  };

  const pass = async (): Promise<number | null> => {
    const rows = await repo.pending(200);
    if (rows.length === 0) return null;
    let soonest = Infinity;
    for (const row of rows) {
      if (stopped) return null;
      const t = now();
      const free = (lastByChat.get(row.chatId) ?? -Infinity) + PER_CHAT_MS;
      if (t < free) {
        soonest = Math.min(soonest, free - t);
        continue;
      }
      const gap = lastSend + spacing - Date.now();
      if (gap > 0) await wait(gap);
      lastSend = Date.now();
      if (row.broadcastId !== null) broadcasts.add(row.broadcastId);
      const r = await deliver(row);
      // Counted from Telegram's answer: the next message to this chat arrives a full second after this one did.
      lastByChat.set(row.chatId, now());
      if (r === "pause") return NETWORK_RETRY_MS;
    }
    return Number.isFinite(soonest) ? soonest : 0;
  };

  const checkBroadcasts = async () => {
    for (const id of [...broadcasts]) {
      const c = await repo.broadcastCounts(id);
      if ((c.pending ?? 0) > 0) continue;
      broadcasts.delete(id);
      await repo.setBroadcastState(id, "done");
      deps.onBroadcastDone?.(id);
    }
  };

  const loop = async () => {
    for (;;) {
      again = false;
      let next: number | null;
      try {
        next = await pass();
        await checkBroadcasts();
      } catch (e) {
        log.error("outbox pass failed", { error: String(e) });
        next = NETWORK_RETRY_MS;
      }
      if (stopped || (deps.sends && !deps.sends())) return;
      if (next === null) {
        if (again) continue;
        return;
      }
      if (next > 0) {
        // Rows wait for their chat's second: sleep until the first is free (or a new message arrives).
        timer = setTimeout(() => kick(), next);
        return;
      }
    }
  };

  const kick = () => {
    if (stopped || (deps.sends && !deps.sends())) return;
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    if (running) {
      again = true;
      return;
    }
    running = loop().finally(() => {
      running = null;
      if (again && !stopped) kick();
    });
  };

  return {
    async send(chatId, text, kind, broadcastId = null) {
      await repo.enqueue([{ chatId, text, kind, broadcastId }], now());
      kick();
    },
    async sendMany(chatIds, text, kind, broadcastId = null) {
      await repo.enqueue(
        chatIds.map((chatId) => ({ chatId, text, kind, broadcastId })),
        now(),
      );
      if (broadcastId !== null) broadcasts.add(broadcastId);
      kick();
    },
    kick,
    async idle() {
      for (;;) {
        if (running) await running;
        if ((await repo.pending(1)).length === 0 && !running) return;
        await wait(50);
      }
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
    stats: () => ({ ...s }),
  };
}
