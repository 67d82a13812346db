// Events → Telegram messages, each behind the user's per-type preference (user settings
// `notification_*`): blocks (yours, and the pool's), badges and levels, streaks, lottery, and
// workers going offline or coming back (judged by ./offline.ts). Address followers
// (/subscribe) get their address's blocks and worker alerts; /bestdiff chats the pool's new
// best shares. Everything goes through the outbox.
import type { EventSource, PoolEventMap } from "../events.ts";
import type { Relayed } from "../cluster/relay.ts";
import type { GameEventMap } from "../game/service.ts";
import type { UserSettingsRow } from "../db/repos.ts";
import { shortAddr, type BotCtx } from "./context.ts";
import { createOfflineWatcher, type WorkerAlert } from "./offline.ts";

/** How often silent workers are judged. */
export const SWEEP_MS = 60_000;
const CAPACITY = { capacity: 10_000 };

type Pref = keyof Pick<UserSettingsRow, "notificationBlocks" | "notificationBadges" | "notificationStreaks" | "notificationLottery" | "notificationShares">;

/** A game notification's type → the preference that governs it (types without one are always sent). */
export function prefFor(type: string): Pref | null {
  if (type.includes("block")) return "notificationBlocks";
  if (type.includes("badge") || type.includes("level")) return "notificationBadges";
  if (type.includes("streak")) return "notificationStreaks";
  if (type.includes("lottery")) return "notificationLottery";
  if (type.includes("best")) return "notificationShares";
  return null;
}

export interface AlertSources {
  pool: EventSource<PoolEventMap>;
  poolWide: EventSource<{ block_found: Relayed<PoolEventMap["block_found"]> }>;
  game: EventSource<GameEventMap>;
}

export function startAlerts(b: BotCtx, src: AlertSources, opts: { sweepMs?: number } = {}): { stop(): void; sweep(): Promise<void> } {
  const watcher = createOfflineWatcher(b.now);
  let poolBest = 0;

  /** The linked chat of a user when the preference allows it. */
  const userChat = async (userId: number, pref: Pref | null): Promise<number | null> => {
    const u = await b.repos.users.findUserById(userId);
    if (!u?.telegramId) return null;
    if (pref && !(await b.repos.users.getSettings(userId))[pref]) return null;
    const chat = await b.repos.bot.findChat(u.telegramId);
    return chat?.blockedAt ? null : u.telegramId;
  };
  const addressChats = async (address: string, pref: Pref | null): Promise<number[]> => {
    const out = new Set(await b.repos.bot.chatsFollowing(address));
    const owner = await b.repos.users.findUserByAddress(address);
    if (owner) {
      const c = await userChat(owner.id, pref);
      if (c !== null) out.add(c);
    }
    return [...out];
  };
  const safely = (what: string, p: Promise<unknown>) => void p.catch((e) => b.log.warn(`alert failed: ${what}`, { error: String(e) }));

  const workerAlert = (a: WorkerAlert, online: boolean) =>
    safely(
      "worker",
      addressChats(a.address, null).then((chats) =>
        b.outbox.sendMany(
          chats,
          online
            ? `✅ Worker ${a.worker} (${shortAddr(a.address)}) is back online.`
            : `⚠️ Worker ${a.worker} (${shortAddr(a.address)}) looks offline: no share for ${Math.round(a.silentMs / 60_000)} min (it usually sends one every ${Math.max(1, Math.round(a.expectedMs / 1000))} s).`,
          online ? "worker_online" : "worker_offline",
        ),
      ),
    );

  const offs = [
    src.pool.on(
      "share_submitted",
      (e) => {
        if (!e.accepted) return;
        const back = watcher.share(e.address, e.worker, e.targetDifficulty, e.timestamp);
        if (back) workerAlert(back, true);
      },
      { ...CAPACITY, name: "bot:share_submitted" },
    ),
    src.pool.on("hashrate_update", (e) => watcher.hashrate(e.address, e.worker, e.hashrate5m), { ...CAPACITY, name: "bot:hashrate_update" }),
    src.pool.on(
      "share_best_diff",
      (e) => {
        if (e.difficulty <= poolBest) return;
        const first = poolBest === 0;
        poolBest = e.difficulty;
        // The first one after a start only sets the mark (the pool's best before the start is not known here).
        if (first) return;
        safely("bestdiff", b.repos.bot.bestDiffChats().then((chats) => b.outbox.sendMany(chats, `🎯 New pool best share: ${e.difficulty.toPrecision(4)} by ${e.worker} (${shortAddr(e.address)}).`, "best_diff")));
      },
      { ...CAPACITY, name: "bot:share_best_diff" },
    ),
    src.poolWide.on(
      "block_found",
      (r) => {
        const e = r.event;
        // Every instance hears every block: the one that found it announces it.
        if (r.origin !== "local" || !e.accepted) return;
        safely(
          "block",
          (async () => {
            const text = `🎉 Block ${e.height} found by ${shortAddr(e.address)} (worker ${e.worker})! Reward ${(e.rewardSats / 1e8).toFixed(8)} BTC.\nhash ${e.hash}`;
            const mine = await addressChats(e.address, "notificationBlocks");
            await b.outbox.sendMany(mine, text, "block_found");
            // Pool-wide: linked accounts that want block news and are not the finder.
            const everyone: number[] = [];
            for (const chatId of await b.repos.bot.reachableChats()) {
              if (mine.includes(chatId)) continue;
              // Linked now (a Mini App sign-in may have happened after the chat's /start): by Telegram id.
              const linked = await b.repos.users.findUserByTelegramId(chatId);
              if (linked && (await b.repos.users.getSettings(linked.id)).notificationBlocks) everyone.push(chatId);
            }
            await b.outbox.sendMany(everyone, `⛏ The pool found block ${e.height}!`, "pool_block");
          })(),
        );
      },
      { ...CAPACITY, name: "bot:block_found" },
    ),
    src.game.on(
      "game.notification",
      (e) => {
        // Badges and levels come from their own events below.
        if (e.notification.type === "badge_earned" || e.notification.type === "level_up") return;
        safely("notification", userChat(e.userId, prefFor(e.notification.type)).then((chat) => (chat === null ? undefined : b.outbox.send(chat, `${e.notification.title}\n${e.notification.body}`, e.notification.type))));
      },
      { ...CAPACITY, name: "bot:game.notification" },
    ),
    src.game.on(
      "game.badge_earned",
      (e) => safely("badge", userChat(e.userId, "notificationBadges").then((chat) => (chat === null ? undefined : b.outbox.send(chat, `🏅 Badge earned: ${e.slug}`, "badge_earned")))),
      { ...CAPACITY, name: "bot:game.badge_earned" },
    ),
    src.game.on(
      "game.level_up",
      (e) => safely("level", userChat(e.userId, "notificationBadges").then((chat) => (chat === null ? undefined : b.outbox.send(chat, `⬆️ Level ${e.to}: ${e.title}`, "level_up")))),
      { ...CAPACITY, name: "bot:game.level_up" },
    ),
  ];
  const sweep = async () => {
    for (const a of watcher.sweep()) workerAlert(a, false);
  };
  const timer = setInterval(() => void sweep(), opts.sweepMs ?? SWEEP_MS);
  timer.unref?.();
  return {
    sweep,
    stop() {
      clearInterval(timer);
      for (const off of offs) off();
    },
  };
}
