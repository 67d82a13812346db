// /subscribe ADDRESS, /unsubscribe [ADDRESS]: block and worker alerts for a payout address
// without an account (public-pool parity); /bestdiff toggles alerts for new pool-best shares.
import { Composer } from "grammy";
import { shortAddr, type BotCtx } from "./context.ts";

/** A chat follows at most this many addresses. */
export const MAX_SUBSCRIPTIONS = 20;

export function subscribeFeature(b: BotCtx) {
  const c = new Composer();
  const chat = async (ctx: { chat?: { id: number }; from?: { id: number; username?: string } }) => {
    const linked = ctx.from ? await b.repos.users.findUserByTelegramId(ctx.from.id) : undefined;
    return b.repos.bot.touchChat({ chatId: ctx.chat!.id, userId: linked?.id ?? null, username: ctx.from?.username ?? null, referral: null }, b.now());
  };
  c.command("subscribe", async (ctx) => {
    const address = ctx.match.trim();
    if (!address) return void (await ctx.reply("Usage: /subscribe ADDRESS (your payout address)"));
    const bad = b.checkAddress(address);
    if (bad) return void (await ctx.reply(`That address cannot be used here: ${bad}`));
    await chat(ctx);
    if ((await b.repos.bot.subscriptions(ctx.chat.id)).length >= MAX_SUBSCRIPTIONS) return void (await ctx.reply(`You follow ${MAX_SUBSCRIPTIONS} addresses already; /unsubscribe one first.`));
    const added = await b.repos.bot.subscribe(ctx.chat.id, address, b.now());
    await ctx.reply(added ? `Subscribed to ${shortAddr(address)}: you will hear of its blocks and of workers going offline.` : `You already follow ${shortAddr(address)}.`);
  });
  c.command("unsubscribe", async (ctx) => {
    const address = ctx.match.trim();
    const n = await b.repos.bot.unsubscribe(ctx.chat.id, address || undefined);
    await ctx.reply(n === 0 ? "Nothing to unsubscribe." : address ? `Unsubscribed from ${shortAddr(address)}.` : `Unsubscribed from ${n} address${n === 1 ? "" : "es"}.`);
  });
  c.command("bestdiff", async (ctx) => {
    const row = await chat(ctx);
    await b.repos.bot.setBestDiffAlerts(ctx.chat.id, !row.bestDiffAlerts, b.now());
    await ctx.reply(row.bestDiffAlerts ? "Best-share alerts off." : "Best-share alerts on: you hear of every new best share of the pool.");
  });
  return c;
}
