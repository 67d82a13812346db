// createThreadedPool: the same Pool as createPool, with the engine running in its own thread
// (./pool-thread.ts). The main thread keeps the event emitter, a status snapshot and the logger;
// miners' sockets, share checks and replies live entirely in the pool thread, so they never wait
// behind web requests, game work or a busy database on the main thread.
import { createEmitter, type PoolEventMap, type PoolEventName } from "../events.ts";
import { readShare } from "./share-rows.ts";
import type { Logger } from "../net/connection.ts";
import type { Pool, PoolStatus, WorkerBest } from "../pool.ts";
import type { FromPoolThread, ThreadPoolOptions, ToPoolThread } from "./protocol.ts";

export type { ThreadPoolOptions } from "./protocol.ts";

export interface ThreadedPoolOptions extends ThreadPoolOptions {
  log: Logger;
  /** Longest an event waits in the pool thread before its batch is sent (default 25 ms). */
  eventBatchMs?: number;
  /** A batch is sent at once when it holds this many events and log lines (default 1000). */
  eventBatchMax?: number;
  /** How often the pool thread checks its status and sends it when changed (default 250 ms). */
  statusIntervalMs?: number;
  /** Wait before starting a thread again after it died (default 1 s). */
  restartDelayMs?: number;
  /**
   * Scheduling priority (nice) the pool thread asks for, so a busy web side cannot take the CPU
   * from it; default -5, null leaves it alone. Raising priority needs root or CAP_SYS_NICE;
   * without it the thread runs at normal priority and says so in the log.
   */
  threadNice?: number | null;
}

export interface ThreadedPool extends Pool {
  /** How many times the pool thread was started (1 unless it died and was restarted). */
  readonly threadStarts: number;
  /** Ends the pool thread abruptly, as a crash would; it is started again (tests, diagnostics). */
  crashThread(): void;
}

/**
 * Where the thread's code is. In a checkout it sits next to this file. In the single binary
 * (scripts/build.ts lists it as an entry point) it is embedded under the bundle's root, the
 * repository's top directory, and only a root-relative path finds it there.
 */
const WORKER_URL = import.meta.url.includes("/$bunfs/") ? "./stratum/thread/pool-thread.ts" : new URL("./pool-thread.ts", import.meta.url).href;

const THREAD_OPTION_KEYS = new Set(["log", "eventBatchMs", "eventBatchMax", "statusIntervalMs", "restartDelayMs", "threadNice"]);
const DEFAULT_THREAD_NICE = -5;

export function createThreadedPool(opts: ThreadedPoolOptions): ThreadedPool {
  const log = opts.log;
  const events = createEmitter((name, err) => log.warn("pool event listener failed", { event: name, err: String(err) }));
  // Everything but the main-thread-only settings goes to the thread as is, so options added to
  // createPool later pass through without changes here.
  const poolOpts = Object.fromEntries(Object.entries(opts).filter(([k]) => !THREAD_OPTION_KEYS.has(k))) as ThreadPoolOptions;
  /** Known bests, kept current from share_best_diff events: a restarted thread starts from them. */
  const bests = new Map<string, WorkerBest>();
  /** The operator's bans, kept here so a restarted thread starts with them. */
  let banned: string[] = [];
  const noteBest = (b: WorkerBest) => {
    const key = `${b.address}.${b.worker}`;
    const had = bests.get(key);
    if (had === undefined || b.best > had.best) bests.set(key, { address: b.address, worker: b.worker, best: b.best });
  };

  let worker: Bun.Worker | null = null;
  let status: PoolStatus = { listening: false, port: 0, sessions: 0, workers: 0, node: { state: "connecting", since: Date.now() }, blocksFound: 0 };
  let wanted = false; // start() was called and stop() was not
  let port = opts.port;
  let starts = 0;
  let restartTimer: ReturnType<typeof setTimeout> | null = null;
  let onStarted: ((r: { port: number } | { error: string }) => void) | null = null;
  let onStopped: (() => void) | null = null;
  let stopping: Promise<void> | null = null;

  function deliver(m: Extract<FromPoolThread, { type: "batch" }>): void {
    for (const [level, msg, meta] of m.logs) log[level](msg, meta);
    for (const entry of m.events) {
      if (typeof entry === "number") {
        events.emit("share_submitted", readShare(m.shares!, entry));
        continue;
      }
      const [name, ev] = entry;
      if (name === "share_best_diff") noteBest({ address: ev.address, worker: ev.worker, best: ev.difficulty });
      events.emit(name as PoolEventName, ev as PoolEventMap[PoolEventName]);
    }
    if (m.status !== null) status = m.status;
  }

  function spawn(): Bun.Worker {
    // The DOM typing of the global lacks Bun's unref().
    const w = new Worker(WORKER_URL) as unknown as Bun.Worker;
    starts++;
    w.addEventListener("message", (ev) => {
      const m = (ev as MessageEvent<FromPoolThread>).data;
      if (m.type === "batch") deliver(m);
      else if (m.type === "started") {
        status = m.status;
        port = m.port;
        onStarted?.({ port: m.port });
      } else if (m.type === "startFailed") onStarted?.({ error: m.error });
      else {
        if (m.error !== null) log.error("pool thread stopped with an error", { err: m.error });
        onStopped?.();
      }
    });
    const died = (why: string) => {
      if (worker !== w) return;
      worker = null;
      status = { ...status, listening: false, sessions: 0, workers: 0 };
      onStarted?.({ error: why });
      if (onStopped !== null) {
        onStopped();
        return;
      }
      if (!wanted) return;
      // Miners reconnect on their own; the new thread binds the same port.
      log.error("pool thread died; starting it again", { reason: why });
      scheduleRestart(opts.restartDelayMs ?? 1_000);
    };
    w.addEventListener("error", (ev) => {
      died(`pool thread error: ${(ev as ErrorEvent).message ?? "unknown"}`);
      w.terminate();
    });
    w.addEventListener("close", () => died("pool thread exited"));
    // The thread must never keep the process alive on its own (stop() ends it first).
    w.unref();
    return w;
  }

  function scheduleRestart(delayMs: number): void {
    restartTimer = setTimeout(() => {
      restartTimer = null;
      if (!wanted || worker !== null) return;
      launch().catch((err: unknown) => {
        // The port may still be held for a moment, or the thread failed again: keep trying.
        log.error("pool thread restart failed; trying again", { err: String(err) });
        if (wanted && worker === null) scheduleRestart(Math.min(delayMs * 2, 30_000));
      });
    }, delayMs);
  }

  async function launch(): Promise<{ port: number }> {
    const w = spawn();
    worker = w;
    const started = new Promise<{ port: number } | { error: string }>((resolve) => (onStarted = resolve));
    const start: ToPoolThread = {
      type: "start",
      opts: { ...poolOpts, port },
      bests: [...bests.values()],
      batchMs: opts.eventBatchMs ?? 25,
      batchMax: opts.eventBatchMax ?? 1000,
      statusMs: opts.statusIntervalMs ?? 250,
      nice: opts.threadNice === undefined ? DEFAULT_THREAD_NICE : opts.threadNice,
    };
    w.postMessage(start);
    if (banned.length > 0) w.postMessage({ type: "setBanned", addresses: banned } satisfies ToPoolThread);
    const r = await started;
    onStarted = null;
    if ("error" in r) {
      if (worker === w) worker = null;
      w.terminate();
      throw new Error(`pool did not start: ${r.error}`);
    }
    return r;
  }

  return {
    events,
    get threadStarts() {
      return starts;
    },
    async start() {
      if (worker !== null) return { port: status.port };
      wanted = true;
      return launch();
    },
    stop() {
      wanted = false;
      if (restartTimer !== null) clearTimeout(restartTimer);
      restartTimer = null;
      const w = worker;
      if (w === null) return Promise.resolve();
      return (stopping ??= (async () => {
        // Resolved by "stopped" (sent after the last batch) or by the thread dying.
        await new Promise<void>((resolve) => {
          onStopped = resolve;
          w.postMessage({ type: "stop" } satisfies ToPoolThread);
        });
        onStopped = null;
        worker = null;
        stopping = null;
        status = { ...status, listening: false, sessions: 0, workers: 0 };
        w.terminate();
      })());
    },
    status: () => status,
    crashThread() {
      worker?.terminate();
    },
    restoreBests(entries) {
      for (const e of entries) if (e.best > 0) noteBest(e);
      worker?.postMessage({ type: "restoreBests", entries: [...entries] } satisfies ToPoolThread);
    },
    setBanned(addresses) {
      banned = [...addresses];
      worker?.postMessage({ type: "setBanned", addresses: banned } satisfies ToPoolThread);
    },
  };
}
