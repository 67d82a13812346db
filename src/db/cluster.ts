// What several instances on one PostgreSQL database coordinate through, besides their tables:
// a session-level advisory lock (one leader runs the scheduled jobs) and a LISTEN/NOTIFY
// channel (events other instances must see). src/cluster/ builds leadership and the event relay
// on these; on SQLite (one process) neither exists and both openers return null.
import type { ReservedSQL } from "bun";
import type { Storage } from "./storage.ts";

/** Arbitrary constant naming "tbg scheduled jobs" among advisory locks (migrations use another). */
export const LEADER_LOCK_KEY = 7_336_201_115;

/**
 * Server-side TCP keepalive on the lock's connection: a leader whose machine vanishes without
 * closing its socket is noticed by PostgreSQL in about idle + interval × count seconds, and its
 * lock (its session) goes with it; the default would be hours.
 */
const KEEPALIVE = { idle: 10, interval: 5, count: 3 };

export interface LeaderLock {
  /** Takes the lock if it is free; true when this session holds it (now or already). */
  tryAcquire(): Promise<boolean>;
  /** True while the lock's session is alive and still holds it; false (never a throw) otherwise. */
  stillHeld(): Promise<boolean>;
  /** Unlocks (if held) and gives the connection back. The lock can be tried again afterwards. */
  release(): Promise<void>;
  /** The server process of the lock's session (tests end it to simulate a dead connection). */
  backendPid(): number | null;
}

/** A leader lock on its own connection, or null on SQLite (one process is always the leader). */
export function openLeaderLock(storage: Storage, key = LEADER_LOCK_KEY): LeaderLock | null {
  if (storage.engine !== "postgres") return null;
  const sql = storage.pg.sql;
  let conn: ReservedSQL | null = null;
  let pid: number | null = null;

  const drop = () => {
    const c = conn;
    conn = null;
    pid = null;
    if (c) {
      try {
        c.release();
      } catch {
        // a dead connection may refuse; it is gone either way
      }
    }
  };
  const connection = async (): Promise<ReservedSQL> => {
    if (conn) return conn;
    // Its own connection, out of the pool for as long as it is kept: the lock belongs to the
    // session, so every query about it must run on that same session.
    const c = await sql.reserve();
    try {
      await c.unsafe(
        `SET tcp_keepalives_idle = ${KEEPALIVE.idle}; SET tcp_keepalives_interval = ${KEEPALIVE.interval}; SET tcp_keepalives_count = ${KEEPALIVE.count}`,
      );
      const [row] = await c`SELECT pg_backend_pid() AS pid`;
      pid = Number(row.pid);
    } catch (err) {
      try {
        c.release();
      } catch {
        // as above
      }
      throw err;
    }
    conn = c;
    return c;
  };

  return {
    async tryAcquire() {
      try {
        const c = await connection();
        const [row] = await c`SELECT pg_try_advisory_lock(${key}::bigint) AS ok`;
        return row.ok === true;
      } catch (err) {
        drop();
        throw err;
      }
    },
    async stillHeld() {
      const c = conn;
      if (!c) return false;
      try {
        // The session must be the one that took the lock: a reconnected one would answer
        // "SELECT 1" happily without holding anything.
        const [row] = await c`SELECT count(*)::int AS n FROM pg_locks
          WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted AND objsubid = 1
            AND ((classid::bigint << 32) | objid::bigint) = ${key}::bigint AND pg_backend_pid() = ${pid}`;
        if (row.n === 1) return true;
      } catch {
        // a dead or broken connection: the server ended the session, and the lock with it
      }
      drop();
      return false;
    },
    async release() {
      const c = conn;
      if (!c) return;
      try {
        await c`SELECT pg_advisory_unlock_all()`;
      } catch {
        // the session is gone, and its locks with it
      }
      drop();
    },
    backendPid: () => pid,
  };
}

export interface EventChannel {
  /** NOTIFY with `payload` (PostgreSQL refuses 8000 bytes or more). */
  send(payload: string): Promise<void>;
  /** LISTENs (on a connection of its own, re-subscribed after a reconnect); returns how to stop. */
  listen(onPayload: (payload: string) => void): Promise<() => Promise<void>>;
}

/** The cross-instance channel, or null on SQLite (nothing to cross). */
export function openEventChannel(storage: Storage, channel: string): EventChannel | null {
  if (storage.engine !== "postgres") return null;
  const sql = storage.pg.sql;
  return {
    send: (payload) => sql.notify(channel, payload),
    async listen(onPayload) {
      const sub = await sql.listen(channel, onPayload);
      return () => sub.unlisten();
    },
  };
}
