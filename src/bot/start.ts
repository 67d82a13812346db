// /start [payload]: greets, records the referral the chat arrived with (t.me/<bot>?start=<code>),
// and puts the Mini App on the chat's menu button.
import { Composer, InlineKeyboard } from "grammy";
import type { BotCtx } from "./context.ts";

/** Telegram's start parameter alphabet and length. */
const PAYLOAD = /^[A-Za-z0-9_-]{1,64}$/;

export function startFeature(b: BotCtx) {
  const c = new Composer();
  c.command("start", async (ctx) => {
    if (!ctx.chat || !ctx.from) return;
    const payload = ctx.match.trim();
    const linked = await b.repos.users.findUserByTelegramId(ctx.from.id);
    await b.repos.bot.touchChat({ chatId: ctx.chat.id, userId: linked?.id ?? null, username: ctx.from.username ?? null, referral: PAYLOAD.test(payload) ? payload : null }, b.now());
    // Starting again after blocking the bot unblocks it.
    await b.repos.bot.setBlocked(ctx.chat.id, null);
    const lines = [
      "Welcome to The Bitcoin Game: solo mining with your own miner, and a game on top.",
      linked ? "Your account is linked: you get your alerts here." : "Open the app to sign in; /subscribe ADDRESS gets block alerts without an account.",
      "/help lists the commands.",
    ];
    if (b.miniAppUrl) {
      await ctx.api.setChatMenuButton({ chat_id: ctx.chat.id, menu_button: { type: "web_app", text: "Play", web_app: { url: b.miniAppUrl } } }).catch((e) => b.log.warn("menu button not set", { error: String(e) }));
      await ctx.reply(lines.join("\n"), { reply_markup: new InlineKeyboard().webApp("Open The Bitcoin Game", b.miniAppUrl) });
    } else await ctx.reply(lines.join("\n"));
  });
  return c;
}
