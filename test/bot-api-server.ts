// A local HTTP server speaking the Telegram Bot API (https://core.telegram.org/bots/api): the
// bot under test points grammY's apiRoot here. It records every request, hands out queued
// updates to getUpdates, and answers sendMessage with whatever a test programs (429, 403).
export interface ApiCall {
  method: string;
  body: Record<string, unknown>;
  at: number;
}

export interface FakeBotApi {
  url: string;
  calls: ApiCall[];
  /** Queues an update for getUpdates (update_id assigned). */
  push(update: Record<string, unknown>): void;
  /** A text message from a private chat, as Telegram sends it. */
  message(chatId: number, text: string, from?: { username?: string }): void;
  /** Next sendMessage answers for a chat, consumed in order (then normal answers). */
  program(chatId: number, ...answers: ({ status: 429; retryAfter: number } | { status: 403 })[]): void;
  sent(chatId?: number): ApiCall[];
  stop(): void;
}

export function fakeBotApi(token: string): FakeBotApi {
  const calls: ApiCall[] = [];
  const updates: Record<string, unknown>[] = [];
  const programmed = new Map<number, ({ status: 429; retryAfter: number } | { status: 403 })[]>();
  let nextUpdate = 1;
  let nextMessage = 1;
  const ok = (result: unknown) => Response.json({ ok: true, result });
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(req) {
      const m = new RegExp(`^/bot${token.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/(\\w+)$`).exec(new URL(req.url).pathname);
      if (!m) return Response.json({ ok: false, error_code: 404, description: "Not Found" }, { status: 404 });
      const method = m[1]!;
      const text = await req.text();
      const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
      calls.push({ method, body, at: Date.now() });
      switch (method) {
        case "getMe":
          return ok({ id: Number(token.split(":")[0]), is_bot: true, first_name: "TBG", username: "tbg_test_bot", can_join_groups: false, can_read_all_group_messages: false, supports_inline_queries: false });
        case "getUpdates": {
          const deadline = Date.now() + 300;
          while (updates.length === 0 && Date.now() < deadline) await Bun.sleep(20);
          return ok(updates.splice(0));
        }
        case "sendMessage": {
          const chatId = Number(body.chat_id);
          const next = programmed.get(chatId)?.shift();
          if (next?.status === 429) return Response.json({ ok: false, error_code: 429, description: `Too Many Requests: retry after ${next.retryAfter}`, parameters: { retry_after: next.retryAfter } }, { status: 429 });
          if (next?.status === 403) return Response.json({ ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" }, { status: 403 });
          return ok({ message_id: nextMessage++, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: "private" }, text: body.text });
        }
        default:
          return ok(true);
      }
    },
  });
  const api: FakeBotApi = {
    url: `http://127.0.0.1:${server.port}`,
    calls,
    push: (u) => void updates.push({ update_id: nextUpdate++, ...u }),
    message(chatId, text, from = {}) {
      const entities = text.startsWith("/") ? [{ type: "bot_command", offset: 0, length: text.split(" ")[0]!.length }] : undefined;
      api.push({ message: { message_id: nextMessage++, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: "private", first_name: "U" }, from: { id: chatId, is_bot: false, first_name: "U", ...from }, text, entities } });
    },
    program: (chatId, ...answers) => void programmed.set(chatId, [...(programmed.get(chatId) ?? []), ...answers]),
    sent: (chatId) => calls.filter((c) => c.method === "sendMessage" && (chatId === undefined || Number(c.body.chat_id) === chatId)),
    stop: () => void server.stop(true),
  };
  return api;
}
