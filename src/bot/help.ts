// /help: the commands, as Telegram's command menu lists them too (bot.ts sets it).
import { Composer } from "grammy";

export const COMMANDS = [
  { command: "start", description: "Welcome and the app" },
  { command: "stats", description: "Pool numbers (and yours when linked)" },
  { command: "subscribe", description: "Block alerts for a payout address" },
  { command: "unsubscribe", description: "Stop alerts for an address (or all)" },
  { command: "bestdiff", description: "Toggle alerts for new pool best shares" },
  { command: "help", description: "This list" },
];

export function helpFeature() {
  const c = new Composer();
  c.command("help", (ctx) => ctx.reply(COMMANDS.map((x) => `/${x.command} — ${x.description}`).join("\n")));
  return c;
}
