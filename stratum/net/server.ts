// TCP listener for stratum: per-IP cap, idle timeout, stuck-writer timeout. One sweep timer
// serves every connection, so 20,000 idle peers cost no timers of their own.
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
  /** Unsent bytes held per peer before it is dropped. */
  maxQueueBytes?: number;
  /** A peer that has not drained its queue for this long is dropped (a miner that stopped reading). */
  stuckTimeoutMs?: number;
  /** Returns the protocol handler for a new peer. */
  onOpen(conn: Connection): LineHandler;
  log: Logger;
  now?: () => number;
}

export interface StratumServer {
  readonly port: number;
  readonly connections: ReadonlySet<Connection>;
  /** Stops accepting; closes every peer; resolves when their close handlers have run. */
  stop(): Promise<void>;
}

const DEFAULT_MAX_QUEUE_BYTES = 256 * 1024;
const DEFAULT_STUCK_TIMEOUT_MS = 60_000;
const MAX_SWEEP_MS = 5_000;

export function startServer(opts: ServerOptions): StratumServer {
  const now = opts.now ?? Date.now;
  const limits = {
    maxLineBytes: opts.maxLineBytes,
    maxQueueBytes: opts.maxQueueBytes ?? DEFAULT_MAX_QUEUE_BYTES,
  };
  const stuckTimeoutMs = opts.stuckTimeoutMs ?? DEFAULT_STUCK_TIMEOUT_MS;
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

  const listener: TCPSocketListener<Connection> = Bun.listen<Connection>({
    hostname: opts.host,
    port: opts.port,
    socket: {
      open(socket: Socket<Connection>) {
        try {
          const ip = socket.remoteAddress;
          const count = perIp.get(ip) ?? 0;
          if (stopping || count >= opts.maxConnectionsPerIp) {
            if (!stopping) opts.log.warn("stratum connection refused: per-IP cap", { ip, cap: opts.maxConnectionsPerIp });
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
  });

  const sweepMs = Math.max(50, Math.min(MAX_SWEEP_MS, Math.floor(opts.idleTimeoutMs / 4), Math.floor(stuckTimeoutMs / 4)));
  const sweep = setInterval(() => {
    const t = now();
    for (const conn of connections) {
      if (conn.stuckSince !== 0 && t - conn.stuckSince > stuckTimeoutMs) conn.abort("peer not reading");
      else if (t - conn.lastRecvAt > opts.idleTimeoutMs) conn.close("idle timeout");
    }
  }, sweepMs);

  return {
    port: listener.port,
    connections,
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
