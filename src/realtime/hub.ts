// The WebSocket hub: who is connected, which channels each socket joined, and fan-out. It knows
// sockets only through `Transport` (send/buffered/close), so the HTTP layer owns Bun's
// WebSocket and the benchmarks and tests can drive the same code.
//
// Invariants:
// - a personal channel (shares, workers, notifications) only ever carries a message that names
//   its owner, and only sockets signed in as that owner receive it;
// - a push is serialized once, however many sockets get it;
// - a client that does not read is dropped (its buffered bytes pass MAX_BUFFERED_BYTES, or Bun
//   refuses the frame), never buffered without limit;
// - a bad frame is answered with an error on that socket only.
import type { Clock } from "../core/time.ts";
import type { Logger } from "../log.ts";
import { CHANNELS, CLOSE, parseClientFrame, PERSONAL_CHANNELS, PUBLIC_CHANNELS, type Channel, type Push } from "./protocol.ts";

const CHANNEL_LIST: readonly Channel[] = CHANNELS;
const PUBLIC_LIST: readonly Channel[] = CHANNELS.filter((c) => PUBLIC_CHANNELS.has(c));

/** Seed 003 §7: a ping every 30 s, closed after 60 s without a pong. */
export const PING_INTERVAL_MS = 30_000;
export const PONG_TIMEOUT_MS = 60_000;
/** A user's sockets beyond this close the oldest (a few tabs and the Mini App). */
export const MAX_SOCKETS_PER_USER = 3;
/** Bytes queued for one socket before it counts as too slow (~1,000 pushes). */
export const MAX_BUFFERED_BYTES = 256 * 1024;

/** What the hub needs of a socket. `send` returns Bun's answer: bytes sent, -1 queued under back-pressure, 0 dropped. */
export interface Transport {
  send(text: string): number;
  buffered(): number;
  close(code: number, reason: string): void;
  /** Native pub/sub (Bun's uWS topics): a public push is then one C++ fan-out instead of a JS loop. */
  subscribe?(topic: string): void;
  unsubscribe?(topic: string): void;
}

/** Bun's `server.publish(topic, text)`: every socket subscribed to the topic gets the frame. */
export type Broadcast = (topic: string, text: string) => number;
const topicOf = (ch: Channel) => `tbg:${ch}`;

/** Who a socket belongs to; null for an anonymous one. */
export interface Identity {
  userId: number;
  /** The user's payout address: pool events name the address, not the user. */
  address: string | null;
  /** When the access token that opened the socket expires (unix ms); the socket closes then. */
  expiresAt: number | null;
  /** The access token's id: the socket closes when it is revoked (a ban, a sign-out). */
  jti?: string | null;
}

export interface Client {
  readonly id: number;
  readonly who: Identity | null;
  readonly channels: Set<Channel>;
  readonly openedAt: number;
  lastPongAt: number;
  closed: boolean;
  readonly t: Transport;
}

/** Who a personal push is for: the user, or whoever owns the payout address. */
export interface Target {
  userId?: number;
  address?: string;
}

export interface HubStats {
  sockets: number;
  users: number;
  pushes: number;
  frames: number;
  /** Sockets dropped because they did not read. */
  slowDropped: number;
  pongTimeouts: number;
  tokenExpired: number;
  /** Sockets closed because their access token was revoked. */
  revoked: number;
  replaced: number;
  badFrames: number;
}

export interface HubOptions {
  log: Logger;
  now?: Clock;
  pingIntervalMs?: number;
  pongTimeoutMs?: number;
  maxSocketsPerUser?: number;
  maxBufferedBytes?: number;
}

export interface Hub {
  open(t: Transport, who: Identity | null): Client;
  /** One frame from the client (a string, or what the HTTP layer already parsed). */
  message(c: Client, raw: unknown): void;
  /** The transport closed (either side). */
  closed(c: Client): void;
  /** Closes the sockets opened with any of these (now revoked) access token ids. */
  revoke(jtis: readonly string[]): number;
  /** Everyone on the channel (public channels), or the target's sockets on it. */
  publish(push: Push, to?: Target): number;
  /**
   * A public push whose owner sees a different version (a block: `is_mine` true for the finder):
   * the owner's sockets get `own`, everyone else `push`.
   */
  publishWithOwner(push: Push, owner: Target, own: Push): number;
  /**
   * Lets public pushes go through the server's native topics (the HTTP layer hands over Bun's
   * `server.publish`). Sockets that stop reading are then closed by Bun itself
   * (backpressureLimit + closeOnBackpressureLimit in src/http/app.ts).
   */
  useBroadcast(b: Broadcast): void;
  /** Runs the ping/pong and token-expiry checks once (the timer calls it; tests may too). */
  tick(): void;
  start(): void;
  stop(): void;
  stats(): HubStats;
}

const frame = (p: Push) => JSON.stringify({ channel: p.channel, type: p.type, data: p.data });

export function createHub(opts: HubOptions): Hub {
  const now = opts.now ?? Date.now;
  const pingMs = opts.pingIntervalMs ?? PING_INTERVAL_MS;
  const pongMs = opts.pongTimeoutMs ?? PONG_TIMEOUT_MS;
  const maxPerUser = opts.maxSocketsPerUser ?? MAX_SOCKETS_PER_USER;
  const maxBuffered = opts.maxBufferedBytes ?? MAX_BUFFERED_BYTES;
  const log = opts.log;
  const all = new Set<Client>();
  const byChannel = new Map<Channel, Set<Client>>();
  /** Oldest first. */
  const byUser = new Map<number, Client[]>();
  const byAddress = new Map<string, Set<Client>>();
  const s: Omit<HubStats, "sockets" | "users"> = { pushes: 0, frames: 0, slowDropped: 0, pongTimeouts: 0, tokenExpired: 0, revoked: 0, replaced: 0, badFrames: 0 };
  let nextId = 1;
  let timer: ReturnType<typeof setInterval> | null = null;
  let broadcast: Broadcast | null = null;
  const PING = JSON.stringify({ type: "ping" });

  const forget = (c: Client) => {
    if (!all.delete(c)) return;
    for (const ch of c.channels) byChannel.get(ch)?.delete(c);
    if (c.who) {
      const list = (byUser.get(c.who.userId) ?? []).filter((x) => x !== c);
      if (list.length) byUser.set(c.who.userId, list);
      else byUser.delete(c.who.userId);
      if (c.who.address) {
        const set = byAddress.get(c.who.address);
        set?.delete(c);
        if (set?.size === 0) byAddress.delete(c.who.address);
      }
    }
  };

  const close = (c: Client, code: number, reason: string) => {
    if (c.closed) return;
    c.closed = true;
    forget(c);
    try {
      c.t.close(code, reason);
    } catch {
      // Already gone: nothing left to close.
    }
  };

  /** One frame to one socket; a socket that stopped reading is closed instead. */
  const send = (c: Client, text: string): boolean => {
    if (c.closed) return false;
    if (c.t.buffered() > maxBuffered) {
      s.slowDropped++;
      close(c, CLOSE.tooSlow, "too slow: messages were not read");
      return false;
    }
    const n = c.t.send(text);
    if (n === 0) {
      s.slowDropped++;
      close(c, CLOSE.tooSlow, "too slow: messages were not read");
      return false;
    }
    return true;
  };

  const reply = (c: Client, body: Record<string, unknown>) => void send(c, JSON.stringify(body));

  const ownersOf = (to: Target): Iterable<Client> => {
    if (to.userId !== undefined) return byUser.get(to.userId) ?? [];
    if (to.address !== undefined) return byAddress.get(to.address) ?? [];
    return [];
  };

  const hub: Hub = {
    open(t, who) {
      const at = now();
      const c: Client = { id: nextId++, who, channels: new Set(), openedAt: at, lastPongAt: at, closed: false, t };
      all.add(c);
      if (who) {
        const list = byUser.get(who.userId) ?? [];
        while (list.length >= maxPerUser) {
          const oldest = list.shift()!;
          s.replaced++;
          close(oldest, CLOSE.replaced, `more than ${maxPerUser} connections: the oldest is closed`);
        }
        list.push(c);
        byUser.set(who.userId, list);
        if (who.address) {
          const set = byAddress.get(who.address) ?? new Set();
          set.add(c);
          byAddress.set(who.address, set);
        }
      }
      // Tells the page whose data its personal channels carry (its own address), so it knows
      // which dashboard the socket can keep current and which must keep polling.
      reply(c, { type: "welcome", signed_in: who !== null, address: who?.address ?? null, channels: [...(who ? CHANNEL_LIST : PUBLIC_LIST)] });
      return c;
    },

    message(c, raw) {
      if (c.closed) return;
      s.frames++;
      const f = parseClientFrame(raw);
      if (!f.ok) {
        s.badFrames++;
        return reply(c, { type: "error", message: f.message });
      }
      if (f.action === "pong") {
        c.lastPongAt = now();
        return;
      }
      if (f.action === "subscribe") {
        const refused = c.who ? [] : f.channels.filter((ch) => !PUBLIC_CHANNELS.has(ch));
        const joined = f.channels.filter((ch) => !refused.includes(ch));
        for (const ch of joined) {
          if (!c.channels.has(ch) && PUBLIC_CHANNELS.has(ch)) c.t.subscribe?.(topicOf(ch));
          c.channels.add(ch);
          let set = byChannel.get(ch);
          if (!set) byChannel.set(ch, (set = new Set()));
          set.add(c);
        }
        if (refused.length) reply(c, { type: "error", message: `sign in to join: ${refused.join(", ")}`, channels: refused });
        if (joined.length) reply(c, { type: "subscribed", channels: joined });
        return;
      }
      for (const ch of f.channels) {
        if (c.channels.has(ch) && PUBLIC_CHANNELS.has(ch)) c.t.unsubscribe?.(topicOf(ch));
        c.channels.delete(ch);
        byChannel.get(ch)?.delete(c);
      }
      reply(c, { type: "unsubscribed", channels: f.channels });
    },

    closed(c) {
      c.closed = true;
      forget(c);
    },

    revoke(jtis) {
      const gone = new Set(jtis);
      let n = 0;
      for (const c of [...all]) {
        if (c.who?.jti == null || !gone.has(c.who.jti)) continue;
        s.revoked++;
        n++;
        close(c, CLOSE.revoked, "signed out: this session was revoked");
      }
      return n;
    },

    publish(push, to) {
      s.pushes++;
      if (to === undefined && PERSONAL_CHANNELS.has(push.channel)) {
        // A personal message without an owner would reach everyone: a bug upstream, refused here.
        log.warn("personal push without an owner refused", { channel: push.channel, type: push.type });
        return 0;
      }
      if (to === undefined && broadcast !== null) return broadcast(topicOf(push.channel), frame(push)) > 0 ? (byChannel.get(push.channel)?.size ?? 0) : 0;
      let text: string | null = null;
      let n = 0;
      const targets = to === undefined ? (byChannel.get(push.channel) ?? []) : ownersOf(to);
      for (const c of targets) {
        if (!c.channels.has(push.channel)) continue;
        text ??= frame(push);
        if (send(c, text)) n++;
      }
      return n;
    },

    publishWithOwner(push, owner, own) {
      s.pushes++;
      const mine = new Set(ownersOf(owner));
      if (broadcast !== null) {
        // The owner's sockets leave the topic for this one frame and get their own version.
        const own_ = [...mine].filter((c) => c.channels.has(push.channel));
        for (const c of own_) c.t.unsubscribe?.(topicOf(push.channel));
        broadcast(topicOf(push.channel), frame(push));
        for (const c of own_) c.t.subscribe?.(topicOf(push.channel));
        const ownFrame = frame(own);
        for (const c of own_) send(c, ownFrame);
        return byChannel.get(push.channel)?.size ?? 0;
      }
      let text: string | null = null;
      let ownText: string | null = null;
      let n = 0;
      for (const c of byChannel.get(push.channel) ?? []) {
        if (mine.has(c)) {
          ownText ??= frame(own);
          if (send(c, ownText)) n++;
        } else {
          text ??= frame(push);
          if (send(c, text)) n++;
        }
      }
      return n;
    },

    useBroadcast(b) {
      broadcast = b;
    },

    tick() {
      const t = now();
      for (const c of [...all]) {
        if (c.who?.expiresAt != null && t >= c.who.expiresAt) {
          s.tokenExpired++;
          close(c, CLOSE.tokenExpired, "access token expired: reconnect with a fresh one");
        } else if (t - c.lastPongAt > pongMs) {
          s.pongTimeouts++;
          close(c, CLOSE.pongTimeout, `no pong for ${Math.round(pongMs / 1000)} s`);
        } else send(c, PING);
      }
    },

    start() {
      if (timer) return;
      timer = setInterval(() => hub.tick(), pingMs);
      timer.unref?.();
    },

    stop() {
      if (timer) clearInterval(timer);
      timer = null;
      for (const c of [...all]) close(c, CLOSE.shuttingDown, "server shutting down");
    },

    stats: () => ({ sockets: all.size, users: byUser.size, ...s }),
  };
  return hub;
}
