// TCP listener for stratum: global and per-IP caps, handshake deadline, idle timeout,
// stuck-writer timeout. One sweep timer serves every connection, so 20,000 idle peers cost no
// timers of their own.
import type { Socket, TCPSocketListener } from "bun";
import { Connection, type LineHandler, type Logger } from "./connection.ts";

export interface ServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  maxLineBytes: number;
  /** A peer that sends nothing for this long is closed. Miners submit or re-suggest well within it. */
  idleTimeoutMs: number;
  maxConnectionsPerIp: number;
  /** Connections open at once, all IPs together. Past it new peers are refused at once, so
   * idle sockets cannot eat the file descriptors the web server and database need. */
  maxConnections?: number;
  /** A peer that has not been marked established (it subscribed) this long after connecting is
   * closed: a miner subscribes in its first second. */
  handshakeTimeoutMs?: number;
  /** Unsent bytes held per peer before it is dropped. */
  maxQueueBytes?: number;
  /** A peer that has not drained its queue for this long is dropped (a miner that stopped reading). */
  stuckTimeoutMs?: number;
  /** PEM certificate chain and key: the same protocol over TLS (miners' stratum+ssl). */
  tls?: { cert: string; key: string };
  /** Returns the protocol handler for a new peer. */
  onOpen(conn: Connection): LineHandler;
  log: Logger;
  now?: () => number;
}

export interface ServerStats {
  /** Peers refused because the global cap was reached. */
  refusedAtCap: number;
  /** Peers refused because their IP had too many connections. */
  refusedPerIp: number;
  /** Peers closed for not subscribing in time. */
  handshakeTimeouts: number;
  /** Peers closed for sending no complete line within the idle timeout. */
  idleTimeouts: number;
}

export interface StratumServer {
  readonly port: number;
  readonly connections: ReadonlySet<Connection>;
  readonly stats: Readonly<ServerStats>;
  /** Stops accepting; closes every peer; resolves when their close handlers have run. */
  stop(): Promise<void>;
}

const DEFAULT_MAX_QUEUE_BYTES = 256 * 1024;
const DEFAULT_STUCK_TIMEOUT_MS = 60_000;
const MAX_SWEEP_MS = 5_000;
/** Fallback when the caller sets no global cap: far above a home lab, far below fd exhaustion. */
export const DEFAULT_MAX_CONNECTIONS = 10_000;
export const DEFAULT_HANDSHAKE_TIMEOUT_MS = 10_000;
/** A refused-at-cap line is logged when the cap is first hit, then at most this often. */
const CAP_LOG_EVERY_MS = 60_000;

export function startServer(opts: ServerOptions): StratumServer {
  const now = opts.now ?? Date.now;
  const limits = {
    maxLineBytes: opts.maxLineBytes,
    maxQueueBytes: opts.maxQueueBytes ?? DEFAULT_MAX_QUEUE_BYTES,
  };
  const stuckTimeoutMs = opts.stuckTimeoutMs ?? DEFAULT_STUCK_TIMEOUT_MS;
  const maxConnections = opts.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  const handshakeTimeoutMs = opts.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS;
  const stats: ServerStats = { refusedAtCap: 0, refusedPerIp: 0, handshakeTimeouts: 0, idleTimeouts: 0 };
  let capLoggedAt = -Infinity;
  let capLoggedCount = 0;
  const connections = new Set<Connection>();
  const perIp = new Map<string, number>();
  let nextId = 1;
  let stopping = false;
  let allClosed: (() => void) | null = null;

  const release = (conn: Connection) => {
    if (!connections.delete(conn)) return;
    const n = (perIp.get(conn.ip) ?? 1) - 1;
    if (n <= 0) perIp.delete(conn.ip);
    else perIp.set(conn.ip, n);
    conn.closedBySocket();
    if (connections.size === 0 && allClosed !== null) allClosed();
  };

  const listener: TCPSocketListener<Connection> = listenOrExplain(opts.host, opts.port, () => Bun.listen<Connection>({
    hostname: opts.host,
    port: opts.port,
    ...(opts.tls ? { tls: opts.tls } : {}),
    socket: {
      open(socket: Socket<Connection>) {
        try {
          if (stopping) {
            socket.terminate();
            return;
          }
          if (connections.size >= maxConnections) {
            // Refused before anything is allocated for it; logged when the cap is first hit and
            // then once a minute with the count, so a flood cannot flood the log too.
            stats.refusedAtCap++;
            const t = now();
            if (t - capLoggedAt >= CAP_LOG_EVERY_MS) {
              opts.log.warn("stratum connection refused: connection cap reached (TBG_MAX_CONNECTIONS)", {
                cap: maxConnections,
                refusedSinceLastLine: stats.refusedAtCap - capLoggedCount,
                ip: socket.remoteAddress,
              });
              capLoggedAt = t;
              capLoggedCount = stats.refusedAtCap;
            }
            socket.terminate();
            return;
          }
          const ip = socket.remoteAddress;
          const count = perIp.get(ip) ?? 0;
          if (count >= opts.maxConnectionsPerIp) {
            stats.refusedPerIp++;
            if (stats.refusedPerIp === 1 || stats.refusedPerIp % 1000 === 0) {
              opts.log.warn("stratum connection refused: per-IP cap", { ip, cap: opts.maxConnectionsPerIp, refused: stats.refusedPerIp });
            }
            socket.terminate();
            return;
          }
          perIp.set(ip, count + 1);
          const conn = new Connection(nextId++, socket, limits, opts.log, now);
          socket.data = conn;
          connections.add(conn);
          conn.handler = opts.onOpen(conn);
        } catch (err) {
          opts.log.error("stratum open failed", { err: String(err) });
          socket.terminate();
        }
      },
      data(socket: Socket<Connection>, chunk: Uint8Array) {
        socket.data?.receive(chunk);
      },
      drain(socket: Socket<Connection>) {
        socket.data?.flush();
      },
      close(socket: Socket<Connection>) {
        const conn = socket.data;
        if (conn !== undefined) release(conn);
      },
      error(socket: Socket<Connection>, err: Error) {
        opts.log.debug("stratum socket error", { ip: socket.data?.ip, err: String(err) });
      },
    },
  }));

  const sweepMs = Math.max(
    50,
    Math.min(MAX_SWEEP_MS, Math.floor(opts.idleTimeoutMs / 4), Math.floor(stuckTimeoutMs / 4), Math.floor(handshakeTimeoutMs / 4)),
  );
  const sweep = setInterval(() => {
    const t = now();
    for (const conn of connections) {
      if (!conn.isOpen) continue;
      if (conn.stuckSince !== 0 && t - conn.stuckSince > stuckTimeoutMs) conn.abort("peer not reading");
      else if (!conn.established && t - conn.openedAt > handshakeTimeoutMs) {
        stats.handshakeTimeouts++;
        conn.close("no mining.subscribe in time");
      } else if (t - conn.lastRecvAt > opts.idleTimeoutMs) {
        stats.idleTimeouts++;
        conn.close("idle timeout");
      }
    }
  }, sweepMs);

  return {
    port: listener.port,
    connections,
    stats,
    stop() {
      if (stopping) return Promise.resolve();
      stopping = true;
      clearInterval(sweep);
      listener.stop(false);
      if (connections.size === 0) return Promise.resolve();
      const done = new Promise<void>((resolve) => {
        allClosed = resolve;
      });
      for (const conn of connections) conn.close("pool stopping");
      // Peers that never read their queue would hold stop() forever; drop them after a grace.
      const grace = setTimeout(() => {
        for (const conn of connections) conn.abort("pool stopping");
      }, 2_000);
      return done.finally(() => clearTimeout(grace));
    },
  };
}

/**
 * Bun says only "Failed to listen at HOST" (the code rides on a property that does not survive
 * a thread boundary): a port in use is said in the message itself.
 */
function listenOrExplain<T>(host: string, port: number, listen: () => T): T {
  try {
    return listen();
  } catch (e) {
    if ((e as { code?: unknown }).code !== "EADDRINUSE") throw e;
    throw Object.assign(new Error(`cannot listen on ${host}:${port}: the port is already in use (EADDRINUSE)`), { code: "EADDRINUSE" });
  }
}
