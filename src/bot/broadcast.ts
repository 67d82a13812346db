// /broadcast TEXT (admins only, the role read from the database): a preview with Send/Cancel;
// Send queues one message per reachable chat through the outbox (within Telegram's limits,
// resumable), and the admin gets the delivered/failed counts when the last one is done.
import { Composer, InlineKeyboard } from "grammy";
import type { BotCtx } from "./context.ts";

export function broadcastFeature(b: BotCtx) {
  const c = new Composer();
  const isAdmin = async (telegramId: number | undefined) => telegramId !== undefined && (await b.repos.users.findUserByTelegramId(telegramId))?.role === "admin";
  c.command("broadcast", async (ctx) => {
    if (!(await isAdmin(ctx.from?.id))) return void (await ctx.reply("Only admins can broadcast."));
    const text = ctx.match.trim();
    if (!text) return void (await ctx.reply("Usage: /broadcast TEXT"));
    if (text.length > 4000) return void (await ctx.reply("Too long: a Telegram message holds 4096 characters."));
    const admin = await b.repos.users.findUserByTelegramId(ctx.from!.id);
    const row = await b.repos.bot.insertBroadcast({ adminUserId: admin?.id ?? null, adminChatId: ctx.chat.id, text }, b.now());
    const audience = (await b.repos.bot.reachableChats()).length;
    await ctx.reply(`Preview of broadcast #${row.id} to ${audience} chats:\n\n${text}`, {
      reply_markup: new InlineKeyboard().text(`Send to ${audience}`, `bc:send:${row.id}`).text("Cancel", `bc:cancel:${row.id}`),
    });
  });
  c.callbackQuery(/^bc:(send|cancel):(\d+)$/, async (ctx) => {
    if (!(await isAdmin(ctx.from.id))) return void (await ctx.answerCallbackQuery({ text: "Only admins can broadcast." }));
    const id = Number(ctx.match[2]);
    const row = await b.repos.bot.findBroadcast(id);
    if (!row || row.state !== "draft") return void (await ctx.answerCallbackQuery({ text: "This broadcast was already handled." }));
    if (ctx.match[1] === "cancel") {
      await b.repos.bot.setBroadcastState(id, "cancelled");
      await ctx.answerCallbackQuery({ text: "Cancelled" });
      return;
    }
    await b.repos.bot.setBroadcastState(id, "sending");
    const chats = await b.repos.bot.reachableChats();
    await b.outbox.sendMany(chats, row.text, "broadcast", id);
    await ctx.answerCallbackQuery({ text: `Queued for ${chats.length} chats` });
  });
  return c;
}

/** The admin's report once a broadcast has nothing pending. */
export async function reportBroadcast(b: BotCtx, id: number): Promise<void> {
  const row = await b.repos.bot.findBroadcast(id);
  if (!row) return;
  const n = await b.repos.bot.broadcastCounts(id);
  await b.outbox.send(row.adminChatId, `Broadcast #${id} done: ${n.sent ?? 0} delivered, ${(n.failed ?? 0) + (n.blocked ?? 0)} failed (${n.blocked ?? 0} blocked the bot).`, "broadcast_report");
}
