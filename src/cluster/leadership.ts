// One leader among the instances sharing a database: the scheduled jobs (block status checks,
// retention, sweeps) run there and nowhere else. On PostgreSQL the leader is whoever holds a
// session-level advisory lock on a connection of its own; the others try again every `retryMs`,
// so when the leader stops or dies (its session ends, the lock with it) another takes over
// within one retry period. The leader checks every `checkMs` that its session still holds the
// lock: a connection that dropped loses leadership at once, and that instance then steps back
// for two retry periods so a healthy instance gets the lock first. On SQLite there is one
// process, always the leader.
import { openLeaderLock, type LeaderLock } from "../db/cluster.ts";
import type { Storage } from "../db/storage.ts";
import type { Logger } from "../log.ts";

/** Followers try the lock this often: takeover happens well within a minute. */
export const RETRY_MS = 5_000;
/** The leader checks its lock's session this often. */
export const CHECK_MS = 3_000;

export interface LeadershipOptions {
  log: Logger;
  retryMs?: number;
  checkMs?: number;
  /** Advisory lock key (tests use their own; instances of one pool must share it). */
  lockKey?: number;
  /** Called on every change, after isLeader() reflects it. */
  onChange?: (leader: boolean) => void;
}

export interface Leadership {
  isLeader(): boolean;
  /** Adds a change listener; returns a function that removes it. */
  onChange(fn: (leader: boolean) => void): () => void;
  /**
   * `fn` wrapped for a scheduled job: runs only while this instance leads (resolves undefined
   * elsewhere). A failure is logged, never thrown into the scheduler.
   */
  leaderOnly<A extends unknown[]>(name: string, fn: (...args: A) => unknown): (...args: A) => Promise<void>;
  /** Gives the lock up (another instance takes over within its retry period) and stops trying. */
  stop(): Promise<void>;
  /** The lock's server process while one is open (PostgreSQL only; for tests). */
  lockBackendPid(): number | null;
}

/** Resolves once the first attempt is made: a lone instance is the leader when this returns. */
export async function createLeadership(storage: Storage, opts: LeadershipOptions): Promise<Leadership> {
  const log = opts.log;
  const retryMs = opts.retryMs ?? RETRY_MS;
  const checkMs = opts.checkMs ?? CHECK_MS;
  const listeners = new Set<(leader: boolean) => void>();
  if (opts.onChange) listeners.add(opts.onChange);
  const lock: LeaderLock | null = openLeaderLock(storage, opts.lockKey);
  let leader = lock === null;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let tick: Promise<void> = Promise.resolve();
  let lastError: string | null = null;

  const set = (next: boolean, why: string) => {
    if (next === leader) return;
    leader = next;
    if (next) log.info("this instance is now the leader: scheduled jobs run here", { why });
    else log.warn("this instance is no longer the leader: scheduled jobs stop here", { why });
    for (const fn of listeners) {
      try {
        fn(next);
      } catch (err) {
        log.warn("leadership listener failed", { error: err as Error });
      }
    }
  };

  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      timer = null;
      tick = step();
    }, ms);
    timer.unref?.();
  };

  const step = async (): Promise<void> => {
    if (stopped || lock === null) return;
    if (leader) {
      if (await lock.stillHeld()) return schedule(checkMs);
      set(false, "the lock's database session ended");
      return schedule(2 * retryMs);
    }
    try {
      const got = await lock.tryAcquire();
      lastError = null;
      if (got && !stopped) set(true, "took the lock");
      else if (got) await lock.release();
    } catch (err) {
      const msg = (err as Error).message;
      if (msg !== lastError) log.warn("leader lock not tried: database unreachable", { error: msg });
      lastError = msg;
    }
    schedule(leader ? checkMs : retryMs);
  };

  if (lock) {
    tick = step();
    await tick;
  } else {
    log.info("single instance (SQLite): scheduled jobs run here");
  }

  return {
    isLeader: () => leader,
    onChange(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    leaderOnly(name, fn) {
      return async (...args) => {
        if (!leader || stopped) return;
        try {
          await fn(...args);
        } catch (err) {
          log.warn("scheduled job failed", { job: name, error: err as Error });
        }
      };
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await tick;
      if (lock) {
        await lock.release();
        set(false, "stopping");
      }
    },
    lockBackendPid: () => lock?.backendPid() ?? null,
  };
}
