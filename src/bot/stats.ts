// /stats: the pool's live numbers and, for a linked account, its own.
import { Composer } from "grammy";
import { formatHashrate, type BotCtx } from "./context.ts";

export function statsFeature(b: BotCtx) {
  const c = new Composer();
  c.command("stats", async (ctx) => {
    const p = b.poolNumbers();
    const lines = [`Pool: ${formatHashrate(p.hashrate)}, ${p.miners} miners, ${p.workers} workers online, ${p.blocksFound} blocks found${p.height !== null ? `, height ${p.height}` : ""}`];
    const me = ctx.from ? await b.repos.users.findUserByTelegramId(ctx.from.id) : undefined;
    if (me?.btcAddress) {
      const mine = b.addressNumbers(me.btcAddress);
      lines.push(mine ? `You: ${formatHashrate(mine.hashrate)}` : "You: no shares yet from your address");
    }
    await ctx.reply(lines.join("\n"));
  });
  return c;
}
