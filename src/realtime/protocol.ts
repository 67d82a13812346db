// The WebSocket protocol of seed 003 §7, as values: what a client may send, what the server
// answers, which channels exist and who may join them. Knows nothing of sockets.

/** Channels of seed 003 §7 plus the public pool numbers. */
export const CHANNELS = ["shares", "workers", "blocks", "feed", "notifications", "leaderboard", "competition", "pool", "wallet"] as const;
export type Channel = (typeof CHANNELS)[number];

/** Open to anonymous sockets: nothing in them belongs to one user. */
export const PUBLIC_CHANNELS: ReadonlySet<Channel> = new Set<Channel>(["blocks", "feed", "pool", "leaderboard", "competition"]);
/** Carry one user's data only; a message there always names its owner. */
export const PERSONAL_CHANNELS: ReadonlySet<Channel> = new Set<Channel>(["shares", "workers", "notifications", "wallet"]);

const KNOWN: ReadonlySet<string> = new Set(CHANNELS);
export const isChannel = (s: unknown): s is Channel => typeof s === "string" && KNOWN.has(s);

/** A client frame larger than this is refused (a subscribe names at most a few channels). */
export const MAX_CLIENT_FRAME_BYTES = 4096;

export type ClientFrame =
  | { ok: true; action: "subscribe" | "unsubscribe"; channels: Channel[] }
  | { ok: true; action: "pong" }
  | { ok: false; message: string };

/** Reads one client frame; a bad one is a value (answered with an error), never a throw. */
export function parseClientFrame(raw: unknown): ClientFrame {
  let m: unknown = raw;
  if (typeof raw === "string") {
    if (raw.length > MAX_CLIENT_FRAME_BYTES) return { ok: false, message: "frame too large" };
    try {
      m = JSON.parse(raw);
    } catch {
      return { ok: false, message: "frame is not JSON" };
    }
  } else if (raw instanceof Uint8Array || raw instanceof ArrayBuffer) return { ok: false, message: "binary frames are not accepted" };
  if (m === null || typeof m !== "object" || Array.isArray(m)) return { ok: false, message: "frame must be a JSON object" };
  const o = m as Record<string, unknown>;
  // Seed 003: the client answers `{"type":"pong"}`; `{"action":"pong"}` is taken too.
  if (o.type === "pong" || o.action === "pong") return { ok: true, action: "pong" };
  if (o.action !== "subscribe" && o.action !== "unsubscribe") return { ok: false, message: 'action must be "subscribe" or "unsubscribe"' };
  if (!Array.isArray(o.channels) || o.channels.length === 0 || o.channels.length > CHANNELS.length * 2) return { ok: false, message: "channels must be a non-empty list of channel names" };
  const bad = o.channels.filter((c) => !isChannel(c));
  if (bad.length) return { ok: false, message: `unknown channel: ${bad.map((c) => String(c).slice(0, 40)).join(", ")}` };
  return { ok: true, action: o.action, channels: [...new Set(o.channels as Channel[])] };
}

/** A push to clients: `{channel, type, data}` on the wire. */
export interface Push {
  channel: Channel;
  type: string;
  data: unknown;
}

/** Close codes (4000-4999 are the application's own). */
export const CLOSE = {
  /** The user opened a 4th socket: the oldest goes. */
  replaced: 4000,
  tokenExpired: 4001,
  pongTimeout: 4002,
  /** The client did not read fast enough. */
  tooSlow: 4003,
  /** The access token that opened the socket was revoked (sign-out, ban, password change). */
  revoked: 4004,
  shuttingDown: 1001,
} as const;
