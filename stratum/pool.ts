// The solo pool: wires the TCP server, sessions, the job book and the node. The only object the
// app uses: createPool(opts) → { start, stop, events, status }.
import { addressToScript } from "./bitcoin/address.ts";
import { hashToDisplayHex, hexToBytes } from "./bitcoin/bytes.ts";
import { shortDifficulty, targetToDifficulty } from "./bitcoin/difficulty.ts";
import type { NetworkName } from "./bitcoin/network.ts";
import { createEmitter, type PoolEvents } from "./events.ts";
import type { Logger } from "./net/connection.ts";
import { startServer, type StratumServer } from "./net/server.ts";
import { DEFAULT_MAX_LINE_BYTES } from "./net/framing.ts";
import { createNodeClient, type NodeStatus, type TemplateUpdate } from "./node/node.ts";
import type { SubmitOutcome } from "./node/submit.ts";
import { ExtranonceAllocator } from "./protocol/extranonce.ts";
import type { PoolJob, SessionHost, SessionJob, ShareOutcome } from "./protocol/host.ts";
import { JobBook } from "./protocol/jobbook.ts";
import { Session } from "./protocol/session.ts";
import { DEFAULT_VARDIFF_WINDOW_MS } from "./protocol/vardiff.ts";
import { WorkerBook } from "./protocol/workers.ts";
import { assembleBlock, checkShare } from "./work/share.ts";
import { parseTemplate } from "./work/template.ts";
import type { Reject } from "./protocol/errors.ts";
import type { SubmitParams } from "./protocol/submit.ts";

/** The part of a node client the pool uses (stratum/node's NodeClient satisfies it). */
export interface PoolNode {
  start(): void;
  stop(): Promise<void>;
  status(): NodeStatus;
  on(event: "template", listener: (update: TemplateUpdate) => void): () => void;
  submitBlock(hex: string): Promise<SubmitOutcome>;
}

export interface NodeConnection {
  url: string;
  user?: string;
  password?: string;
  cookieFile?: string;
}

export interface PoolOptions {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  network: NetworkName;
  node: NodeConnection | PoolNode;
  coinbaseTag: string;
  /** Operator fee in percent of the block reward; 0 pays everything to the miner. */
  feePercent: number;
  feeAddress?: string;
  /** BIP 310 mask the pool allows (TBG_VERSION_MASK, default 0x1fffe000). */
  versionMask: number;
  minDiff: number;
  maxDiff: number;
  startDiff: number;
  sharesPerMin: number;
  maxConnectionsPerIp: number;
  idleTimeoutMs: number;
  /** Longest accepted line (default 16 KiB); past it that one connection closes. */
  maxLineBytes?: number;
  log: Logger;
  now?: () => number;
  /** First extranonce1 handed out; fixed in tests for byte-exact sessions, random otherwise. */
  extranonce1Start?: number;
  /** How long a disconnected session's extranonce1 stays resumable. */
  resumeGraceMs?: number;
  vardiffWindowMs?: number;
  /** Period of hashrate_update events. */
  hashrateIntervalMs?: number;
}

export interface PoolStatus {
  listening: boolean;
  port: number;
  sessions: number;
  workers: number;
  node: NodeStatus;
  height?: number;
  networkDifficulty?: number;
  lastTemplateAt?: number;
  blocksFound: number;
}

/** A worker's best share difficulty as the app stored it (so "New best share" survives a restart). */
export interface WorkerBest {
  address: string;
  worker: string;
  best: number;
}

export interface Pool {
  start(): Promise<{ port: number }>;
  /** Stops accepting, closes sessions, waits for in-flight block submissions. */
  stop(): Promise<void>;
  readonly events: PoolEvents;
  status(): PoolStatus;
  /** Seeds workers' best shares (kept as the higher of stored and live); call before start(). */
  restoreBests(entries: readonly WorkerBest[]): void;
}

const DEFAULT_RESUME_GRACE_MS = 10 * 60_000;
const DEFAULT_HASHRATE_INTERVAL_MS = 60_000;
const VARDIFF_TICK_MS = 1_000;
/** Workers with no session are forgotten once their rates have had a day to decay. */
const FORGET_WORKER_MS = 24 * 3600_000;
const SOURCE = "hosted" as const;

function isPoolNode(n: NodeConnection | PoolNode): n is PoolNode {
  return typeof (n as PoolNode).submitBlock === "function";
}

export function createPool(opts: PoolOptions): Pool {
  const now = opts.now ?? Date.now;
  const log = opts.log;
  const events = createEmitter((name, err) => log.warn("pool event listener failed", { event: name, err: String(err) }));
  const node: PoolNode = isPoolNode(opts.node)
    ? opts.node
    : createNodeClient({
        rpc: opts.node,
        log: { info: (m) => log.info(m), warn: (m) => log.warn(m), error: (m) => log.error(m) },
      });
  let fee: { script: Uint8Array; percent: number } | null = null;
  if (opts.feePercent > 0) {
    const checked = opts.feeAddress === undefined ? null : addressToScript(opts.feeAddress, opts.network);
    if (checked === null || !checked.ok) {
      log.error("pool fee disabled: fee address missing or invalid for the network", { network: opts.network });
    } else {
      fee = { script: checked.script, percent: opts.feePercent };
    }
  }
  const book = new JobBook({ tag: opts.coinbaseTag, fee });
  const extranonces = new ExtranonceAllocator(opts.resumeGraceMs ?? DEFAULT_RESUME_GRACE_MS, opts.extranonce1Start);
  const workers = new WorkerBook();
  /**
   * Every worker's best share ever seen or restored, by `address.worker`. The WorkerBook forgets
   * idle workers after a day; this keeps their best so a return is judged against it.
   */
  const bests = new Map<string, number>();
  const bestKey = (address: string, worker: string) => `${address}.${worker}`;
  const sessions = new Set<Session>();
  const inFlightBlocks = new Set<Promise<void>>();
  let server: StratumServer | null = null;
  let nextJob = opts.extranonce1Start !== undefined ? 1 : Math.floor(Math.random() * 0xffff) + 1;
  let blocksFound = 0;
  let lastTemplateAt: number | undefined;
  let networkDifficulty: number | undefined;
  const timers: ReturnType<typeof setInterval>[] = [];
  let unsubscribe: (() => void) | null = null;

  const en1Bytes = (v: number) => Uint8Array.of(v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);

  /** Blocks first: the node hears about a solved block before the miner gets its reply. */
  function submitCandidate(session: Session, record: SessionJob, en2: Uint8Array, share: ShareOutcome): void {
    const job = record.job;
    const hash = hashToDisplayHex(share.hash);
    let hex: string;
    try {
      hex = assembleBlock(job.work, en1Bytes(session.extranonce1), en2, share.header);
    } catch (err) {
      log.error("BLOCK FOUND but assembly failed", { hash, height: job.height, err: String(err) });
      return;
    }
    log.warn("BLOCK FOUND — submitting to node", { hash, height: job.height, address: session.address, worker: session.worker });
    const p = node
      .submitBlock(hex)
      .catch((err: unknown): SubmitOutcome => ({ accepted: false, reason: `submit failed: ${String(err)}` }))
      .then((res) => {
        if (res.accepted) {
          blocksFound++;
          log.warn("BLOCK ACCEPTED by node", { hash, height: job.height, reason: res.reason });
        } else {
          log.error("BLOCK REJECTED by node", { hash, height: job.height, reason: res.reason });
        }
        events.emit("block_found", {
          source: SOURCE,
          hash,
          height: job.height,
          address: session.address,
          worker: session.worker,
          accepted: res.accepted,
          reason: res.reason,
          shareDifficulty: share.difficulty,
          networkDifficulty: targetToDifficulty(job.work.template.networkTarget),
          rewardSats: Number(job.work.template.coinbaseValue),
          timestamp: now(),
        });
      })
      .finally(() => inFlightBlocks.delete(p));
    inFlightBlocks.add(p);
  }

  const host: SessionHost = {
    cfg: { startDiff: opts.startDiff, minDiff: opts.minDiff, maxDiff: opts.maxDiff, versionMask: opts.versionMask >>> 0 },
    vardiff: {
      sharesPerMin: opts.sharesPerMin,
      minDiff: opts.minDiff,
      maxDiff: opts.maxDiff,
      windowMs: opts.vardiffWindowMs ?? DEFAULT_VARDIFF_WINDOW_MS,
    },
    now,
    allocateExtranonce1: (resume) => extranonces.allocate(now(), resume),
    checkAddress(address) {
      const r = addressToScript(address, opts.network);
      return r.ok ? { ok: true, script: r.script } : { ok: false, reason: r.reason };
    },
    jobFor: (session) => (session.payoutScript === null ? null : book.jobFor(session.payoutScript)),
    nextJobId: () => (nextJob++).toString(16),
    isStale: (job: PoolJob) => book.isStale(job),
    checkShare(session: Session, record: SessionJob, p: SubmitParams, version: number): ShareOutcome | Reject {
      const en2 = hexToBytes(p.extranonce2Hex);
      if (en2 === null) return { code: 20, reason: "extranonce2 is not hex" };
      const share = checkShare(record.job.work, {
        extranonce1: en1Bytes(session.extranonce1),
        extranonce2: en2,
        ntime: p.ntime,
        nonce: p.nonce,
        version,
      });
      if (share.isBlock) submitCandidate(session, record, en2, share);
      return share;
    },
    onShare(session, record, outcome, targetDiff, rejected) {
      const t = now();
      if (rejected === null && outcome !== null) {
        const w = workers.get(session.address, session.worker);
        if (w !== undefined) {
          w.rate.add(targetDiff, t);
          w.lastShareAt = t;
          if (outcome.difficulty > w.best) {
            const previousBest = w.best;
            w.best = outcome.difficulty;
            bests.set(bestKey(session.address, session.worker), w.best);
            // As ckpool does; not for a worker's first share, which is always its best so far.
            if (previousBest > 0) session.showMessage(`New best share: ${shortDifficulty(outcome.difficulty)}`);
            events.emit("share_best_diff", {
              source: SOURCE,
              address: session.address,
              worker: session.worker,
              difficulty: outcome.difficulty,
              previousBest,
              timestamp: t,
            });
          }
        }
      }
      if (!events.has("share_submitted")) return;
      events.emit("share_submitted", {
        source: SOURCE,
        address: session.address,
        worker: session.worker,
        userAgent: session.userAgent,
        ip: session.io.ip,
        sessionId: session.id,
        jobId: record?.id ?? "",
        height: record?.job.height ?? null,
        accepted: rejected === null,
        targetDifficulty: targetDiff,
        shareDifficulty: outcome?.difficulty ?? 0,
        rejectCode: rejected?.code ?? null,
        rejectReason: rejected?.reason ?? null,
        isBlock: outcome?.isBlock ?? false,
        timestamp: t,
      });
    },
    onAuthorized(session) {
      const w = workers.attach(session.address, session.worker, now());
      const known = bests.get(bestKey(session.address, session.worker));
      if (known !== undefined && known > w.best) w.best = known;
      events.emit("miner_connected", {
        source: SOURCE,
        address: session.address,
        worker: session.worker,
        userAgent: session.userAgent,
        ip: session.io.ip,
        sessionId: session.id,
        timestamp: now(),
      });
    },
    onDeauthorized(session, reason) {
      workers.detach(session.address, session.worker);
      emitDisconnected(session, reason);
    },
    onDifficulty(session, previous, reason) {
      events.emit("diff_updated", {
        source: SOURCE,
        address: session.address,
        worker: session.worker,
        sessionId: session.id,
        difficulty: session.difficulty,
        previous,
        reason,
        timestamp: now(),
      });
    },
    onClosed(session, reason) {
      sessions.delete(session);
      if (session.extranonce1 >= 0) extranonces.release(session.extranonce1, now());
      if (session.authorized) {
        workers.detach(session.address, session.worker);
        emitDisconnected(session, reason);
      }
    },
  };

  function emitDisconnected(session: Session, reason: string): void {
    events.emit("miner_disconnected", {
      source: SOURCE,
      address: session.address,
      worker: session.worker,
      userAgent: session.userAgent,
      ip: session.io.ip,
      sessionId: session.id,
      reason,
      connectedAt: session.connectedAt,
      sharesAccepted: session.accepted,
      sharesRejected: session.rejected,
      bestDifficulty: session.best,
      timestamp: now(),
    });
  }

  function onTemplate(update: TemplateUpdate): void {
    const parsed = parseTemplate(update.template, now());
    if (!parsed.ok) {
      log.warn("template refused", { reason: parsed.reason });
      return;
    }
    const t = parsed.template;
    const newTip = book.add(t);
    lastTemplateAt = now();
    networkDifficulty = targetToDifficulty(t.networkTarget);
    if (newTip) {
      log.info("new work on a new tip", { height: t.height, prev: t.prevHash, txs: t.transactions.length });
      events.emit("new_block_network", {
        source: SOURCE,
        height: t.height - 1,
        hash: t.prevHash,
        difficulty: networkDifficulty,
        timestamp: now(),
      });
    }
    for (const s of sessions) s.sendWork(newTip);
  }

  return {
    events,
    async start() {
      if (server !== null) return { port: server.port };
      server = startServer({
        host: opts.host,
        port: opts.port,
        maxLineBytes: opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES,
        idleTimeoutMs: opts.idleTimeoutMs,
        maxConnectionsPerIp: opts.maxConnectionsPerIp,
        log,
        now,
        onOpen(conn) {
          const session = new Session(conn, host);
          sessions.add(session);
          return { onLine: (line) => session.handle(line), onClose: (reason) => session.close(reason) };
        },
      });
      unsubscribe = node.on("template", (u) => {
        try {
          onTemplate(u);
        } catch (err) {
          log.error("template handling failed", { err: String(err) });
        }
      });
      node.start();
      timers.push(
        setInterval(() => {
          const t = now();
          for (const s of sessions) s.tickVardiff(t);
          extranonces.sweep(t);
        }, VARDIFF_TICK_MS),
        setInterval(() => {
          const t = now();
          for (const w of workers.active(t, FORGET_WORKER_MS)) {
            const [h1m, h5m, h1h, h1d] = w.rate.rates(t);
            events.emit("hashrate_update", {
              source: SOURCE,
              address: w.address,
              worker: w.worker,
              hashrate1m: h1m,
              hashrate5m: h5m,
              hashrate1h: h1h,
              hashrate1d: h1d,
              sessions: w.sessions,
              timestamp: t,
            });
          }
        }, opts.hashrateIntervalMs ?? DEFAULT_HASHRATE_INTERVAL_MS),
      );
      return { port: server.port };
    },
    async stop() {
      for (const t of timers.splice(0)) clearInterval(t);
      unsubscribe?.();
      unsubscribe = null;
      await server?.stop();
      server = null;
      // A block found just before stop must still reach the node.
      await Promise.all([...inFlightBlocks]);
      await node.stop();
    },
    restoreBests(entries) {
      for (const e of entries) {
        if (!(e.best > 0)) continue;
        const key = bestKey(e.address, e.worker);
        if (e.best > (bests.get(key) ?? 0)) bests.set(key, e.best);
        const w = workers.get(e.address, e.worker);
        if (w !== undefined && e.best > w.best) w.best = e.best;
      }
    },
    status() {
      const t = book.current;
      return {
        listening: server !== null,
        port: server?.port ?? 0,
        sessions: sessions.size,
        workers: workers.online,
        node: node.status(),
        ...(t !== null ? { height: t.height } : {}),
        ...(networkDifficulty !== undefined ? { networkDifficulty } : {}),
        ...(lastTemplateAt !== undefined ? { lastTemplateAt } : {}),
        blocksFound,
      };
    },
  };
}
