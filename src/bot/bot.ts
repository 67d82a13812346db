// The Telegram bot, assembled: one Composer per feature file, the outbox every alert goes
// through, and the alerts fed from the pool and game events. Off unless a token is configured
// (src/server.ts decides). Long polling by default; a webhook (with a secret token Telegram
// echoes in X-Telegram-Bot-Api-Secret-Token) when the public URL is https — never both.
import { autoRetry } from "@grammyjs/auto-retry";
import { Bot, GrammyError, HttpError, webhookCallback } from "grammy";
import { createHash } from "node:crypto";
import type { Clock } from "../core/time.ts";
import type { Repos } from "../db/repos.ts";
import type { Logger } from "../log.ts";
import { startAlerts, type AlertSources } from "./alerts.ts";
import { broadcastFeature, reportBroadcast } from "./broadcast.ts";
import type { BotCtx, PoolNumbers } from "./context.ts";
import { COMMANDS, helpFeature } from "./help.ts";
import { createOutbox, type Outbox } from "./outbox.ts";
import { startFeature } from "./start.ts";
import { statsFeature } from "./stats.ts";
import { subscribeFeature } from "./subscribe.ts";

/** How often the leader looks for messages other instances queued. */
const OUTBOX_POLL_MS = 3_000;

/** Where Telegram posts updates in webhook mode (src/http/routes/telegram.ts). */
export const WEBHOOK_PATH = "/api/telegram/webhook";

export interface BotDeps {
  token: string;
  /** A self-hosted Bot API server (TBG_TELEGRAM_API_ROOT); Telegram's own otherwise. */
  apiRoot?: string;
  publicUrl?: string;
  repos: Repos;
  log: Logger;
  now?: Clock;
  sources: AlertSources;
  checkAddress(address: string): string | null;
  poolNumbers(): PoolNumbers;
  addressNumbers(address: string): { hashrate: number } | null;
  /** How often silent workers are judged (tests shorten it). */
  sweepMs?: number;
  /** auto-retry's longest wait for a 429 (s). */
  maxRetryAfterS?: number;
  /**
   * The cluster's leadership (src/cluster/leadership.ts). With several instances only the leader
   * long-polls Telegram (a second getUpdates consumer is refused with 409) and sends the outbox
   * (messages queued by any instance go out once); the others queue their alerts. Absent: this
   * instance does both.
   */
  leader?: { isLeader(): boolean; onChange(fn: (leader: boolean) => void): () => void };
}

export interface TelegramBot {
  mode: "polling" | "webhook";
  outbox: Outbox;
  /** The webhook handler (webhook mode); null when polling. */
  webhook: ((request: Request) => Promise<Response>) | null;
  /** Judges silent workers now (the timer does it every minute). */
  sweep(): Promise<void>;
  stop(): Promise<void>;
}

/** Telegram said the token is not a bot's (401 Unauthorized, 404 Not Found): retrying cannot help. */
export const isTokenRefused = (e: unknown) => e instanceof GrammyError && (e.error_code === 401 || e.error_code === 404);

/** Stable across restarts and never the token itself: Telegram only echoes it back. */
export const webhookSecret = (token: string) => createHash("sha256").update(`tbg-webhook:${token}`).digest("hex").slice(0, 48);

export async function createBot(deps: BotDeps): Promise<TelegramBot> {
  const log = deps.log.child("bot");
  const now = deps.now ?? Date.now;
  const bot = new Bot(deps.token, { client: deps.apiRoot ? { apiRoot: deps.apiRoot } : {} });
  // 429 "Too Many Requests": wait retry_after and try again (grammY's official plugin).
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: deps.maxRetryAfterS ?? 60 }));
  const https = deps.publicUrl?.startsWith("https://") ? deps.publicUrl.replace(/\/$/, "") : null;
  let ctx!: BotCtx;
  const outbox = createOutbox({
    repo: deps.repos.bot,
    api: bot.api,
    log,
    now,
    onBroadcastDone: (id) => void reportBroadcast(ctx, id).catch((e) => log.warn("broadcast report failed", { error: String(e) })),
    sends: () => deps.leader?.isLeader() ?? true,
  });
  ctx = { repos: deps.repos, log, now, outbox, api: bot.api, miniAppUrl: https ? `${https}/` : null, checkAddress: deps.checkAddress, poolNumbers: deps.poolNumbers, addressNumbers: deps.addressNumbers };

  // Private chats only: the bot's alerts and commands are personal.
  const features = bot.chatType("private");
  features.use(startFeature(ctx), helpFeature(), statsFeature(ctx), subscribeFeature(ctx), broadcastFeature(ctx));
  // Telegram tells us when a user blocks the bot (or unblocks it).
  bot.on("my_chat_member", async (c) => {
    const status = c.myChatMember.new_chat_member.status;
    await deps.repos.bot.setBlocked(c.chat.id, status === "kicked" ? now() : null);
  });
  bot.catch((err) => {
    const e = err.error;
    if (e instanceof GrammyError) log.warn("Telegram refused a request", { update: err.ctx.update.update_id, method: e.method, code: e.error_code, description: e.description });
    else if (e instanceof HttpError) log.warn("Bot API unreachable", { update: err.ctx.update.update_id, error: String(e.error) });
    else log.error("bot handler failed", { update: err.ctx.update.update_id, error: String(e) });
  });

  await bot.init();
  await bot.api.setMyCommands(COMMANDS).catch((e) => log.warn("commands not set", { error: String(e) }));
  if (ctx.miniAppUrl) await bot.api.setChatMenuButton({ menu_button: { type: "web_app", text: "Play", web_app: { url: ctx.miniAppUrl } } }).catch((e) => log.warn("menu button not set", { error: String(e) }));

  let mode: TelegramBot["mode"] = "polling";
  let webhook: TelegramBot["webhook"] = null;
  if (https) {
    const secret = webhookSecret(deps.token);
    await bot.api.setWebhook(`${https}${WEBHOOK_PATH}`, { secret_token: secret, allowed_updates: ["message", "callback_query", "my_chat_member"] });
    webhook = webhookCallback(bot, "std/http", { secretToken: secret });
    mode = "webhook";
  }
  let polling: Promise<void> | null = null;
  const poll = () => {
    if (mode !== "polling" || polling !== null) return;
    // Not awaited: start() runs until stop().
    polling = bot
      .start({ allowed_updates: ["message", "callback_query", "my_chat_member"], drop_pending_updates: false })
      .catch((e) => log.error("long polling stopped", { error: String(e) }))
      .finally(() => (polling = null));
  };
  const leads = () => deps.leader?.isLeader() ?? true;
  if (leads()) poll();
  const offLeader = deps.leader?.onChange((leader) => {
    if (leader) {
      poll();
      outbox.kick();
    } else if (mode === "polling" && polling !== null) void bot.stop();
  });
  const alerts = startAlerts(ctx, deps.sources, { sweepMs: deps.sweepMs });
  outbox.kick(); // whatever a previous run left pending (an interrupted broadcast) goes out now
  // Other instances queue messages without telling this one: look for them every few seconds.
  const outboxTimer = deps.leader ? setInterval(() => outbox.kick(), OUTBOX_POLL_MS) : null;
  outboxTimer?.unref?.();
  log.info(`@${bot.botInfo.username} running (${mode}${leads() ? "" : "; another instance leads: it polls and sends"})`);
  return {
    mode,
    outbox,
    webhook,
    sweep: alerts.sweep,
    async stop() {
      alerts.stop();
      offLeader?.();
      if (outboxTimer) clearInterval(outboxTimer);
      if (mode === "polling" && polling !== null) await bot.stop();
      await outbox.stop();
    },
  };
}
