// The bot's own rules against a local server speaking the Bot API (test/bot-api-server.ts):
// admin broadcasts with a preview and counts, the outbox resuming after a restart within the
// per-chat limit, and webhook mode checking Telegram's secret token.
import { afterAll, expect, test } from "bun:test";
import { fakeBotApi } from "../../test/bot-api-server.ts";
import { openTestStorage } from "../../test/storage.ts";
import { until } from "../../test/until.ts";
import type { Storage } from "../db/storage.ts";
import { createEventBus, type PoolEventMap } from "../events.ts";
import type { Relayed } from "../cluster/relay.ts";
import type { GameEventMap } from "../game/service.ts";
import { silentLogger } from "../log.ts";
import { createBot, webhookSecret, type BotDeps } from "./bot.ts";

const TOKEN = "515151:TEST-token-for-the-local-bot-api";
const cleanup: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const f of cleanup.reverse()) await f();
});

async function setup(name: string, extra: Partial<BotDeps> = {}) {
  const api = fakeBotApi(TOKEN);
  cleanup.push(() => api.stop());
  const storage: Storage = await openTestStorage(name);
  cleanup.push(() => storage.close());
  const deps: BotDeps = {
    token: TOKEN, apiRoot: api.url, repos: storage.repos, log: silentLogger,
    sources: { pool: createEventBus<PoolEventMap>(), poolWide: createEventBus<{ block_found: Relayed<PoolEventMap["block_found"]> }>(), game: createEventBus<GameEventMap>() },
    checkAddress: () => null, poolNumbers: () => ({ hashrate: 1.5e15, miners: 3, workers: 5, blocksFound: 2, height: 900_000 }), addressNumbers: () => null,
    ...extra,
  };
  return { api, storage, deps, start: async () => { const b = await createBot(deps); cleanup.push(() => b.stop()); return b; } };
}

test("an admin's /broadcast shows a preview; Send delivers to every reachable chat and reports delivered/failed; others cannot broadcast", async () => {
  const { api, storage, start } = await setup("bot-broadcast");
  const at = Date.now();
  await storage.repos.users.insertUser({ telegramId: 3001, authMethod: "telegram", role: "admin" }, at);
  await storage.repos.users.insertUser({ telegramId: 3002, authMethod: "telegram" }, at);
  for (const chatId of [3001, 3002, 3003]) await storage.repos.bot.touchChat({ chatId, userId: null, username: null, referral: null }, at);
  await start();

  api.message(3002, "/broadcast I am not an admin");
  await until("refusal", 10_000, () => api.sent(3002).find((c) => String(c.body.text).includes("Only admins")) ?? null);

  api.message(3001, "/broadcast Block party tonight");
  const preview = await until("preview", 10_000, () => api.sent(3001).find((c) => String(c.body.text).startsWith("Preview")) ?? null);
  expect(String(preview.body.text)).toContain("to 3 chats");
  const buttons = (preview.body.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] }).inline_keyboard[0]!;
  expect(buttons.map((b) => b.text)).toEqual(["Send to 3", "Cancel"]);
  expect(api.sent(3003)).toEqual([]); // nothing goes out before Send

  api.program(3003, { status: 403 });
  api.push({ callback_query: { id: "cb1", from: { id: 3001, is_bot: false, first_name: "Admin" }, chat_instance: "ci", data: buttons[0]!.callback_data, message: { message_id: 1, date: 0, chat: { id: 3001, type: "private", first_name: "Admin" }, text: "Preview" } } });
  const report = await until("report", 15_000, () => api.sent(3001).find((c) => String(c.body.text).includes("done")) ?? null);
  expect(String(report.body.text)).toMatch(/2 delivered, 1 failed \(1 blocked the bot\)/);
  expect(api.sent(3002).some((c) => c.body.text === "Block party tonight")).toBe(true);
  expect((await storage.repos.bot.findChat(3003))?.blockedAt).toBeGreaterThan(0);
  // Pressing Send again does nothing: the broadcast is no longer a draft.
  api.push({ callback_query: { id: "cb2", from: { id: 3001, is_bot: false, first_name: "Admin" }, chat_instance: "ci", data: buttons[0]!.callback_data, message: { message_id: 1, date: 0, chat: { id: 3001, type: "private", first_name: "Admin" }, text: "Preview" } } });
  await until("answer", 10_000, () => (api.calls.filter((c) => c.method === "answerCallbackQuery").length >= 2 ? true : null));
  expect(api.sent(3002).filter((c) => c.body.text === "Block party tonight").length).toBe(1);
}, 30_000);

test("messages left pending by a previous run go out at start, at most one a second per chat", async () => {
  const { api, storage, start } = await setup("bot-resume");
  const at = Date.now();
  // What a run that stopped mid-broadcast left in the outbox.
  await storage.repos.bot.enqueue([1, 2, 3].map((i) => ({ chatId: 4001, text: `part ${i}`, kind: "broadcast" })).concat([{ chatId: 4002, text: "other chat", kind: "broadcast" }]), at);
  await start();
  await until("all sent", 15_000, () => (api.sent(4001).length === 3 && api.sent(4002).length === 1 ? true : null));
  const times = api.sent(4001).map((c) => c.at);
  expect(api.sent(4001).map((c) => c.body.text)).toEqual(["part 1", "part 2", "part 3"]);
  expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(990);
  expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(990);
  // The other chat did not wait behind the first one's limit.
  expect(api.sent().map((c) => c.body.text)).toEqual(["part 1", "other chat", "part 2", "part 3"]);
  // The Bot API answered the last message before the outbox marked it sent: wait for the mark.
  await until("outbox emptied", 10_000, async () => ((await storage.repos.bot.pending(10)).length === 0 ? true : null));
}, 30_000);

test("with an https public URL the bot takes a webhook with a secret token and refuses updates without it", async () => {
  const { api, start } = await setup("bot-webhook", { publicUrl: "https://pool.example.org" });
  const bot = await start();
  expect(bot.mode).toBe("webhook");
  const set = api.calls.find((c) => c.method === "setWebhook")!;
  expect(set.body).toMatchObject({ url: "https://pool.example.org/api/telegram/webhook", secret_token: webhookSecret(TOKEN) });
  expect(api.calls.some((c) => c.method === "getUpdates")).toBe(false);
  // The menu button opens the Mini App.
  expect(api.calls.find((c) => c.method === "setChatMenuButton")?.body).toMatchObject({ menu_button: { type: "web_app", web_app: { url: "https://pool.example.org/" } } });
  const update = { update_id: 1, message: { message_id: 1, date: 0, chat: { id: 5001, type: "private", first_name: "U" }, from: { id: 5001, is_bot: false, first_name: "U" }, text: "/stats", entities: [{ type: "bot_command", offset: 0, length: 6 }] } };
  const post = (headers: Record<string, string>) => bot.webhook!(new Request("https://pool.example.org/api/telegram/webhook", { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(update) }));
  expect((await post({ "x-telegram-bot-api-secret-token": "wrong" })).status).toBe(401);
  expect(api.sent(5001)).toEqual([]);
  expect((await post({ "x-telegram-bot-api-secret-token": webhookSecret(TOKEN) })).status).toBe(200);
  const stats = await until("stats", 10_000, () => api.sent(5001)[0] ?? null);
  expect(String(stats.body.text)).toBe("Pool: 1.50 PH/s, 3 miners, 5 workers online, 2 blocks found, height 900000");
});

test("a linked account's notifications arrive in its chat, each behind its setting", async () => {
  const { api, storage, deps, start } = await setup("bot-prefs");
  const user = await storage.repos.users.insertUser({ telegramId: 6001, authMethod: "telegram", btcAddress: "bcrt1qprefs" }, Date.now());
  await storage.repos.bot.touchChat({ chatId: 6001, userId: user.id, username: null, referral: null }, Date.now());
  const bot = await start();
  const game = deps.sources.game as ReturnType<typeof createEventBus<GameEventMap>>;
  const note = (type: string, title: string) => game.publish("game.notification", { userId: user.id, notification: { id: 1, type, title, body: "details", data: null, createdAt: Date.now() } });
  note("lottery_won", "You won the weekly lottery");
  game.publish("game.badge_earned", { userId: user.id, slug: "shares_1m", at: Date.now() });
  await until("both", 10_000, () => (api.sent(6001).length === 2 ? true : null));
  // (Separate events: their order between them is not promised.)
  expect(api.sent(6001).map((c) => String(c.body.text).split("\n")[0]).sort()).toEqual(["You won the weekly lottery", "🏅 Badge earned: shares_1m"].sort());

  await storage.repos.users.updateSettings(user.id, { notificationLottery: false, notificationBadges: false }, Date.now());
  note("lottery_won", "You won again");
  game.publish("game.level_up", { userId: user.id, from: 2, to: 3, title: "Hash Pupil", at: Date.now() });
  note("streak_at_risk", "Your streak ends Monday");
  // The streak reminder (its setting is on) arrives; the two switched off never do.
  await until("streak", 10_000, () => api.sent(6001).find((c) => String(c.body.text).startsWith("Your streak")) ?? null);
  // Every handler has looked up its user and setting by now (they queue behind the same storage), and nothing is pending.
  await storage.repos.users.getSettings(user.id);
  await bot.outbox.idle();
  expect(api.sent(6001).map((c) => String(c.body.text).split("\n")[0]).sort()).toEqual(["You won the weekly lottery", "🏅 Badge earned: shares_1m", "Your streak ends Monday"].sort());
});
