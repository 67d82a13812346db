// A small CPU miner speaking real Stratum V1 over TCP: configure, subscribe, authorize, then
// mine notify jobs at the pool's (possibly fractional) difficulty and submit shares. For checking
// a setup and for the end-to-end tests; a CPU finds mainnet blocks never, regtest blocks at once.
import type { Socket } from "bun";
import { bitsToTarget, difficultyToTarget } from "../bitcoin/difficulty.ts";
import { LineDecoder } from "../net/framing.ts";
import { nonceHex, parseNotify, prepareWork, scan, type NotifyJob, type PreparedWork } from "./work.ts";

export interface MinerShare {
  jobId: string;
  accepted: boolean;
  /** Difficulty the hash achieved. */
  difficulty: number;
  /** Pool difficulty the share was mined for. */
  target: number;
  /** The hash also meets the network target: a block candidate. */
  block: boolean;
  /** The pool's error [code, message] when rejected. */
  error: [number, string] | null;
}

export interface MinerOptions {
  /** stratum+tcp://HOST:PORT, or stratum+ssl://HOST:PORT for stratum over TLS */
  url: string;
  /** PEM certificate(s) to trust for stratum+ssl besides the system's (a pool's self-signed certificate). */
  tlsCa?: string;
  /** ADDRESS[.worker] */
  user: string;
  password?: string;
  /** Independent nonce scanners; each takes its own extranonce2 range. */
  threads?: number;
  /** Stop after this many accepted shares. */
  maxShares?: number;
  onShare?: (share: MinerShare) => void;
  onLog?: (line: string) => void;
  signal?: AbortSignal;
  userAgent?: string;
  /**
   * Connect again when the connection fails or the pool closes it (a pool restart), waiting
   * reconnectMinMs, doubling up to reconnectMaxMs, back to the minimum once a connection got as
   * far as authorized. Off: the first lost connection ends the run.
   */
  reconnect?: boolean;
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
}

export interface MinerResult {
  accepted: number;
  rejected: number;
  blocks: number;
  /** Why mining ended: "max shares", "aborted", or the connection error. */
  reason: string;
}

/** Nonces hashed between looks at the socket: ~15 ms of work, so notify is seen promptly. */
const CHUNK = 40_000;
const NONCE_SPACE = 2 ** 32;
export const RECONNECT_MIN_MS = 1_000;
export const RECONNECT_MAX_MS = 30_000;

export function parseStratumUrl(url: string): { host: string; port: number; tls?: true } | null {
  const m = /^stratum\+(tcp|ssl|tls):\/\/(\[[^\]]+\]|[^:/]+):(\d{1,5})\/?$/.exec(url.trim());
  if (m === null) return null;
  const port = Number(m[3]);
  if (port < 1 || port > 65535) return null;
  return { host: m[2]!.replace(/^\[|\]$/g, ""), port, ...(m[1] !== "tcp" ? { tls: true as const } : {}) };
}

export async function runMiner(opts: MinerOptions): Promise<MinerResult> {
  const target = parseStratumUrl(opts.url);
  if (target === null) return { accepted: 0, rejected: 0, blocks: 0, reason: `invalid url ${opts.url} (expected stratum+tcp://HOST:PORT or stratum+ssl://HOST:PORT)` };
  const log = opts.onLog ?? (() => {});
  const result: MinerResult = { accepted: 0, rejected: 0, blocks: 0, reason: "" };
  const min = opts.reconnectMinMs ?? RECONNECT_MIN_MS;
  const max = opts.reconnectMaxMs ?? RECONNECT_MAX_MS;
  let delay = min;
  for (let attempt = 1; ; attempt++) {
    const run = await mineOnce(opts, target, result);
    if (!run.retry || opts.reconnect !== true || opts.signal?.aborted) return { ...result, reason: opts.signal?.aborted ? "aborted" : run.reason };
    if (run.authorized) {
      delay = min;
      attempt = 1;
    }
    log(`${run.reason}; reconnecting in ${delay / 1000} s (attempt ${attempt})`);
    await abortableSleep(delay, opts.signal);
    if (opts.signal?.aborted) return { ...result, reason: "aborted" };
    delay = Math.min(delay * 2, max);
  }
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}

/** One connection: mines until it ends; `retry` when a new connection may go better. Counts into `result`. */
async function mineOnce(
  opts: MinerOptions,
  target: { host: string; port: number; tls?: true },
  result: MinerResult,
): Promise<{ reason: string; retry: boolean; authorized: boolean }> {
  const log = opts.onLog ?? (() => {});
  const threads = Math.max(1, Math.min(64, Math.floor(opts.threads ?? 1)));
  let authorized = false;
  let retry = false;
  let done: ((reason: string) => void) | null = null;
  const finished = new Promise<string>((resolve) => {
    done = (reason) => {
      done = null;
      resolve(reason);
    };
  });
  const finish = (reason: string, retryable = false) => {
    if (done !== null) retry = retryable;
    done?.(reason);
  };

  let extranonce1 = "";
  let extranonce2Size = 8;
  let difficulty = 1;
  let job: NotifyJob | null = null;
  let jobSerial = 0;
  let nextId = 1;
  const pending = new Map<number, (result: unknown, error: unknown) => void>();
  const decoder = new LineDecoder();
  let socket: Socket<undefined> | null = null;
  // Over TLS nothing may be written before the handshake ends (Bun's client drops the connection).
  let handshakeDone: (() => void) | null = null;
  const handshaken = new Promise<void>((resolve) => (handshakeDone = resolve));

  const send = (method: string, params: unknown[], onReply?: (result: unknown, error: unknown) => void) => {
    const id = nextId++;
    if (onReply) pending.set(id, onReply);
    socket?.write(`${JSON.stringify({ id, method, params })}\n`);
  };

  const onLine = (line: string) => {
    let msg: { id?: unknown; method?: unknown; params?: unknown; result?: unknown; error?: unknown };
    try {
      msg = JSON.parse(line) as typeof msg;
    } catch {
      return log(`pool sent a line that is not JSON: ${line.slice(0, 80)}`);
    }
    if (typeof msg.method === "string") {
      const params = Array.isArray(msg.params) ? msg.params : [];
      if (msg.method === "mining.set_difficulty") {
        const d = Number(params[0]);
        if (Number.isFinite(d) && d > 0) difficulty = d;
      } else if (msg.method === "mining.notify") {
        const j = parseNotify(params);
        if (j !== null) {
          job = j;
          jobSerial++;
        }
      } else if (msg.method === "mining.set_extranonce") {
        if (typeof params[0] === "string") extranonce1 = params[0];
        if (typeof params[1] === "number") extranonce2Size = params[1];
        jobSerial++;
      } else if (msg.method === "client.show_message") {
        log(`pool says: ${String(params[0])}`);
      }
      return;
    }
    if (typeof msg.id === "number") {
      const cb = pending.get(msg.id);
      pending.delete(msg.id);
      cb?.(msg.result, msg.error);
    }
  };

  try {
    socket = await Bun.connect({
      hostname: target.host,
      port: target.port,
      ...(target.tls ? { tls: { serverName: target.host, ...(opts.tlsCa ? { ca: opts.tlsCa } : {}) } } : {}),
      socket: {
        handshake(_s, ok, authError) {
          if (!ok || authError) return finish(`TLS: the pool's certificate is not trusted (${authError?.message ?? "handshake failed"})`);
          handshakeDone?.();
        },
        data(_s, chunk) {
          const lines = decoder.push(chunk);
          if (!Array.isArray(lines)) return finish("pool sent an oversized line");
          for (const l of lines) onLine(l);
        },
        close() {
          finish("connection closed by pool", true);
        },
        error(_s, err) {
          finish(`connection error: ${err.message}`, true);
        },
      },
    });
  } catch (err) {
    return { reason: `cannot connect to ${opts.url}: ${(err as Error).message}`, retry: true, authorized };
  }
  const onAbort = () => finish("aborted");
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  if (opts.signal?.aborted) finish("aborted");
  if (target.tls) await Promise.race([handshaken, finished]);

  send("mining.configure", [["version-rolling"], { "version-rolling.mask": "1fffe000", "version-rolling.min-bit-count": 0 }]);
  send("mining.subscribe", [opts.userAgent ?? "tbg-miner/0.1"], (res, err) => {
    if (!Array.isArray(res) || typeof res[1] !== "string" || typeof res[2] !== "number") {
      return finish(`subscribe failed: ${JSON.stringify(err)}`);
    }
    extranonce1 = res[1];
    extranonce2Size = res[2];
  });
  send("mining.authorize", [opts.user, opts.password ?? "x"], (res, err) => {
    if (res !== true) return finish(`authorize refused: ${JSON.stringify(err)}`);
    authorized = true;
    log(`authorized as ${opts.user}`);
  });

  // Each scanner owns extranonce2 values ≡ its index (mod threads); they take turns on this thread
  // between socket reads, so a pool message is never more than one chunk away.
  const scanners = Array.from({ length: threads }, (_, i) => ({ index: i, counter: i, work: null as PreparedWork | null, nonce: 0, serial: -1 }));

  const submitShare = (w: PreparedWork, nonce: number, achieved: number, target: number) => {
    const nbitsTarget = bitsToTarget(w.job.nbits);
    const shareTarget = difficultyToTarget(achieved);
    const block = nbitsTarget !== null && shareTarget !== null && shareTarget <= nbitsTarget;
    send("mining.submit", [opts.user, w.job.jobId, w.extranonce2, w.job.ntime, nonceHex(nonce)], (res, err) => {
      const accepted = res === true;
      if (accepted) result.accepted++;
      else result.rejected++;
      if (block) result.blocks++;
      const e = Array.isArray(err) ? ([Number(err[0]), String(err[1])] as [number, string]) : null;
      try {
        opts.onShare?.({ jobId: w.job.jobId, accepted, difficulty: achieved, target, block, error: e });
      } catch (cbErr) {
        log(`onShare callback failed: ${String(cbErr)}`);
      }
      if (opts.maxShares !== undefined && result.accepted >= opts.maxShares) finish("max shares");
    });
  };

  const mine = async () => {
    while (done !== null) {
      await new Promise<void>((r) => setImmediate(r));
      const current = job;
      if (current === null || extranonce1 === "") continue;
      for (const s of scanners) {
        if (s.serial !== jobSerial || s.work === null || s.nonce >= NONCE_SPACE) {
          if (s.serial === jobSerial) s.counter += threads;
          s.serial = jobSerial;
          const en2 = BigInt(s.counter).toString(16).padStart(extranonce2Size * 2, "0").slice(-extranonce2Size * 2);
          s.work = prepareWork(current, extranonce1, en2);
          s.nonce = 0;
          if (s.work === null) return finish("pool sent a job with non-hex fields");
        }
        const end = Math.min(NONCE_SPACE, s.nonce + CHUNK);
        const target = difficulty;
        const found = scan(s.work, target, s.nonce, end);
        s.nonce = found === null ? end : found.nonce + 1;
        if (found !== null) submitShare(s.work, found.nonce, found.difficulty, target);
      }
    }
  };
  const mining = mine();
  const reason = await finished;
  await mining;
  opts.signal?.removeEventListener("abort", onAbort);
  socket?.end();
  return { reason, retry, authorized };
}
