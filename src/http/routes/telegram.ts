// POST /api/telegram/webhook: updates from Telegram in webhook mode. grammY's handler checks
// the X-Telegram-Bot-Api-Secret-Token header (401 without the right one) before reading the update.
import { Elysia } from "elysia";

export function telegramRoutes(handler: () => ((request: Request) => Promise<Response>) | null) {
  return new Elysia({ name: "telegram-webhook" }).post(
    "/api/telegram/webhook",
    ({ request, status }) => {
      const h = handler();
      return h ? h(request) : status(404, { error: { code: "NOT_FOUND", message: "The bot is not in webhook mode", details: null } });
    },
    { parse: "none", detail: { hide: true } },
  );
}
