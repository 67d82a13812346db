// A WebSocket client for tests: keeps every message, waits for the one a test expects (no sleeps).
import { until } from "./until.ts";

export interface WsClient {
  ws: WebSocket;
  messages: Record<string, unknown>[];
  /** Resolves once open, rejects when the connect fails. */
  opened: Promise<void>;
  closed: Promise<{ code: number; reason: string }>;
  send(v: unknown): void;
  /** The first message (since `from`) that matches. */
  next(what: string, match: (m: Record<string, unknown>) => boolean, ms?: number, from?: number): Promise<Record<string, unknown>>;
  close(): void;
}

export function wsClient(url: string, opts: { headers?: Record<string, string>; answerPings?: boolean } = {}): WsClient {
  const ws = new WebSocket(url, { headers: opts.headers } as unknown as string[]);
  const messages: Record<string, unknown>[] = [];
  let onClose!: (v: { code: number; reason: string }) => void;
  const closed = new Promise<{ code: number; reason: string }>((r) => (onClose = r));
  const opened = new Promise<void>((resolve, reject) => {
    ws.addEventListener("open", () => resolve(), { once: true });
    ws.addEventListener("error", () => reject(new Error("websocket connect failed")), { once: true });
  });
  opened.catch(() => {});
  ws.addEventListener("message", (e) => {
    const m = JSON.parse(String(e.data)) as Record<string, unknown>;
    messages.push(m);
    if (m.type === "ping" && opts.answerPings !== false) ws.send(JSON.stringify({ type: "pong" }));
  });
  ws.addEventListener("close", (e) => onClose({ code: e.code, reason: e.reason }));
  return {
    ws,
    messages,
    opened,
    closed,
    send: (v) => ws.send(typeof v === "string" ? v : JSON.stringify(v)),
    next: (what, match, ms = 10_000, from = 0) => until(what, ms, () => messages.slice(from).find(match) ?? null, 10),
    close: () => ws.close(),
  };
}

/** The HTTP status a WebSocket upgrade request gets (101 when accepted; the socket is then dropped). */
export async function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  const u = new URL(url);
  const { connect } = await import("node:net");
  return new Promise((resolve, reject) => {
    const sock = connect(Number(u.port), u.hostname, () => {
      const extra = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join("");
      sock.write(`GET ${u.pathname}${u.search} HTTP/1.1\r\nHost: ${u.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n${extra}\r\n`);
    });
    let buf = "";
    sock.on("data", (d) => {
      buf += d.toString();
      const m = /^HTTP\/1\.1 (\d{3})/.exec(buf);
      if (m) {
        resolve(Number(m[1]));
        sock.destroy();
      }
    });
    sock.on("error", reject);
  });
}
