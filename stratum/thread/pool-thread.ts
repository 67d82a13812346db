// The pool thread: runs the whole stratum engine (sockets, sessions, share checks, node client)
// on its own event loop, so a slow page, a long game computation or a locked database on the
// main thread never delays a miner's reply. Events and log lines go to the main thread in
// batches (one postMessage per batch); nothing is dropped on the way, the main thread's queue
// just grows if it stalls.
import { setPriority } from "node:os";
import { POOL_EVENT_NAMES } from "../events.ts";
import type { Logger } from "../net/connection.ts";
import { createPool, type LocalPool, type PoolStatus } from "../pool.ts";
import type { BatchEntry, FromPoolThread, LogLevel, LogLine, ToPoolThread } from "./protocol.ts";
import { ShareRowWriter } from "./share-rows.ts";

declare const self: Worker;

let pool: LocalPool | null = null;
let events: BatchEntry[] = [];
const shares = new ShareRowWriter((row) => {
  events.push(row);
  schedule();
});
let logs: LogLine[] = [];
let batchMax = 1000;
let flushTimer: ReturnType<typeof setTimeout> | null = null;
let statusTimer: ReturnType<typeof setInterval> | null = null;
let lastStatus = "";
let batchMs = 25;
/** Bans that arrived before the pool was made (or for the next one). */
let banned: string[] = [];

const send = (m: FromPoolThread) => postMessage(m);
const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Log fields that cannot be cloned (functions, symbols) are sent as text rather than lost. */
function cloneable(meta: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (meta === undefined) return undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(meta)) out[k] = typeof v === "function" || typeof v === "symbol" ? String(v) : v;
  return out;
}

function line(level: LogLevel, msg: string, meta?: Record<string, unknown>): void {
  logs.push([level, msg, cloneable(meta)]);
  schedule();
}

const log: Logger = {
  debug: (m, f) => line("debug", m, f),
  info: (m, f) => line("info", m, f),
  warn: (m, f) => line("warn", m, f),
  error: (m, f) => line("error", m, f),
};

/** The status when it differs from the last one sent (a few hundred bytes to compare). */
function changedStatus(): PoolStatus | null {
  if (pool === null) return null;
  const s = pool.status();
  const key = JSON.stringify(s);
  if (key === lastStatus) return null;
  lastStatus = key;
  return s;
}

function flush(withStatus = false): void {
  if (flushTimer !== null) clearTimeout(flushTimer);
  flushTimer = null;
  const status = withStatus ? changedStatus() : null;
  if (events.length === 0 && logs.length === 0 && status === null) return;
  const batch: FromPoolThread = { type: "batch", events, shares: shares.take(), logs, status };
  events = [];
  logs = [];
  try {
    send(batch);
  } catch (err) {
    // A log field that still does not clone (a class instance with private state): send the
    // batch with the log fields as JSON text so the events themselves are never lost.
    send({ ...batch, logs: batch.logs.map(([l, m, f]) => [l, m, f === undefined ? undefined : { fields: safeJson(f) }]) });
    void err;
  }
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x));
  } catch {
    return String(v);
  }
}

function schedule(): void {
  if (events.length + logs.length >= batchMax) flush();
  else flushTimer ??= setTimeout(() => flush(), batchMs);
}

async function start(m: Extract<ToPoolThread, { type: "start" }>): Promise<void> {
  batchMs = m.batchMs;
  batchMax = m.batchMax;
  if (m.nice !== null) {
    try {
      // pid 0 is the calling thread on Linux: only this thread changes, not the web side.
      setPriority(0, m.nice);
    } catch (err) {
      log.info("pool thread runs at normal priority (raising it needs root or CAP_SYS_NICE)", { nice: m.nice, err: message(err) });
    }
  }
  pool = createPool({ ...m.opts, log });
  pool.restoreBests(m.bests);
  pool.setBanned(banned);
  for (const name of POOL_EVENT_NAMES) {
    if (name === "share_submitted") continue;
    pool.events.on(name, (ev) => {
      events.push([name, ev] as BatchEntry);
      schedule();
    });
  }
  // Shares as rows in order with the other events (./share-rows.ts).
  pool.sendSharesTo(shares.add);
  try {
    const { port } = await pool.start();
    const status = pool.status();
    lastStatus = JSON.stringify(status);
    flush();
    send({ type: "started", port, status });
    statusTimer = setInterval(() => flush(true), m.statusMs);
  } catch (err) {
    flush();
    send({ type: "startFailed", error: message(err) });
  }
}

async function stop(): Promise<void> {
  if (statusTimer !== null) clearInterval(statusTimer);
  statusTimer = null;
  let error: string | null = null;
  try {
    await pool?.stop();
  } catch (err) {
    error = message(err);
  }
  flush(true);
  pool = null;
  send({ type: "stopped", error });
}

self.onmessage = (ev: MessageEvent<ToPoolThread>) => {
  const m = ev.data;
  if (m.type === "start") void start(m);
  else if (m.type === "restoreBests") pool?.restoreBests(m.entries);
  else if (m.type === "setBanned") {
    banned = m.addresses;
    pool?.setBanned(banned);
  }
  else void stop();
};
