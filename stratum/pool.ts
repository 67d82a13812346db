// The solo pool: wires the TCP server, sessions, the job book and the node. The only object the
// app uses: createPool(opts) → { start, stop, events, status }.
import { readFileSync } from "node:fs";
import { addressToScript } from "./bitcoin/address.ts";
import { hashToDisplayHex } from "./bitcoin/bytes.ts";
import { shortDifficulty, targetToDifficulty } from "./bitcoin/difficulty.ts";
import type { NetworkName } from "./bitcoin/network.ts";
import { BlockCandidates } from "./blocks/candidates.ts";
import { createEmitter, type PoolEvents, type ShareFieldsSink } from "./events.ts";
import type { Logger } from "./net/connection.ts";
import { startServer, type StratumServer } from "./net/server.ts";
import { DEFAULT_MAX_LINE_BYTES } from "./net/framing.ts";
import { createNodeClient, type NodeStatus, type TemplateUpdate } from "./node/node.ts";
import { NODE_CHAIN } from "./node/problem.ts";
import type { SubmitOutcome } from "./node/submit.ts";
import { ExtranonceAllocator } from "./protocol/extranonce.ts";
import type { PoolJob, SessionHost, SessionJob, ShareOutcome } from "./protocol/host.ts";
import { JobBook } from "./protocol/jobbook.ts";
import { Session } from "./protocol/session.ts";
import { DEFAULT_VARDIFF_WINDOW_MS } from "./protocol/vardiff.ts";
import { WorkerBook } from "./protocol/workers.ts";
import { MAX_WORKERS_PER_ADDRESS } from "./protocol/limits.ts";
import { assembleBlock, hashShare, isBlockHash, type ShareSubmission } from "./work/share.ts";
import { parseTemplate } from "./work/template.ts";
import type { Reject } from "./protocol/errors.ts";
import type { SubmitParams } from "./protocol/submit.ts";

/** The part of a node client the pool uses (stratum/node's NodeClient satisfies it). */
export interface PoolNode {
  start(): void;
  stop(): Promise<void>;
  status(): NodeStatus;
  on(event: "template", listener: (update: TemplateUpdate) => void): () => void;
  submitBlock(hex: string, opts?: { tries?: number }): Promise<SubmitOutcome>;
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
  /** Stratum connections open at once, all IPs together (TBG_MAX_CONNECTIONS). */
  maxConnections?: number;
  /** A connection that has not sent mining.subscribe this long after connecting is closed. */
  subscribeTimeoutMs?: number;
  /** Distinct worker names one payout address may have at once (default MAX_WORKERS_PER_ADDRESS). */
  maxWorkersPerAddress?: number;
  /** A connection that sends no complete line for this long is closed. */
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
  /**
   * Directory of the block-candidate journal: every solved block is written here before it is
   * submitted, and pending ones are submitted again at start. Without it a candidate lives in
   * memory (and in the log) only.
   */
  blockJournalDir?: string;
  /** Also serve stratum over TLS on this port with these PEM files (its own connection caps, same values). */
  tls?: { port: number; certFile: string; keyFile: string };
}

export interface PoolStatus {
  listening: boolean;
  port: number;
  /** The TLS listener's port when one is configured. */
  tlsPort?: number;
  sessions: number;
  workers: number;
  node: NodeStatus;
  height?: number;
  networkDifficulty?: number;
  lastTemplateAt?: number;
  blocksFound: number;
  /** What the pool's abuse limits did since start (README, "Connections"). */
  limits?: PoolLimitCounters;
}

export interface PoolLimitCounters {
  /** Connections refused at TBG_MAX_CONNECTIONS. */
  refusedAtCap: number;
  /** Connections refused at TBG_MAX_CONN_PER_IP. */
  refusedPerIp: number;
  /** Connections closed for not subscribing in time. */
  subscribeTimeouts: number;
  /** Connections closed for sending no complete line within the idle timeout. */
  idleTimeouts: number;
  /** Connections cut because their rejected shares dominated (reject flood). */
  rejectFloodCuts: number;
  /** Connections cut for too many mining.authorize or worker names. */
  authorizeAbuseCuts: number;
  /** Authorizations refused because the address had MAX_WORKERS_PER_ADDRESS workers. */
  workersRefused: number;
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
  /**
   * Payout addresses the operator banned (replaces the previous list): their authorize is
   * refused with BANNED_MESSAGE and their open connections are told so and closed.
   */
  setBanned(addresses: readonly string[]): void;
}

/** The pool as createPool makes it, in the thread that runs it. */
export interface LocalPool extends Pool {
  /** From now on share_submitted goes to `sink` as fields instead of to `events` (null: back to
   * events). The pool thread's batcher: no object per share in the thread that answers miners. */
  sendSharesTo(sink: ShareFieldsSink | null): void;
}

/**
 * What a banned miner's mining.authorize is answered (error 24, unauthorized), the reason its
 * open connection is closed and, capitalised, the message it is shown first.
 */
export const BANNED_MESSAGE = "this payout address is banned by the pool's operator";

const DEFAULT_RESUME_GRACE_MS = 10 * 60_000;
const DEFAULT_HASHRATE_INTERVAL_MS = 60_000;
const VARDIFF_TICK_MS = 1_000;
/** Workers with no session are forgotten once their rates have had a day to decay. */
const FORGET_WORKER_MS = 24 * 3600_000;
const SOURCE = "hosted" as const;
/** Payout scripts kept by address (cleared when full: a cache, not a record). */
const MAX_CACHED_SCRIPTS = 10_000;
/** Abuse cuts are logged when they start, then at most this often with a count. */
const ABUSE_LOG_EVERY_MS = 10_000;
/** What a miner is told (client.show_message) once per node outage. */
export const WAITING_FOR_NODE = "waiting for the Bitcoin node…";

function writeU32BE(buf: Uint8Array, off: number, v: number): void {
  buf[off] = v >>> 24;
  buf[off + 1] = (v >>> 16) & 0xff;
  buf[off + 2] = (v >>> 8) & 0xff;
  buf[off + 3] = v & 0xff;
}

function isPoolNode(n: NodeConnection | PoolNode): n is PoolNode {
  return typeof (n as PoolNode).submitBlock === "function";
}

export function createPool(opts: PoolOptions): LocalPool {
  const now = opts.now ?? Date.now;
  const log = opts.log;
  const events = createEmitter((name, err) => log.warn("pool event listener failed", { event: name, err: String(err) }));
  /** Where share_submitted goes: to `events` as objects unless a sink takes the fields (sendSharesTo). */
  let shareSink: ShareFieldsSink | null = null;
  const emitShare: ShareFieldsSink = (address, worker, userAgent, ip, sessionId, jobId, height, accepted, targetDifficulty, shareDifficulty, rejectCode, rejectReason, isBlock, timestamp) =>
    events.emit("share_submitted", { source: SOURCE, address, worker, userAgent, ip, sessionId, jobId, height, accepted, targetDifficulty, shareDifficulty, rejectCode, rejectReason, isBlock, timestamp });
  const node: PoolNode = isPoolNode(opts.node)
    ? opts.node
    : createNodeClient({
        rpc: opts.node,
        expectChain: NODE_CHAIN[opts.network],
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
  let banned = new Set<string>();
  // Node outages: each one is numbered, and a miner is told about each at most once. A template
  // received since the last outage began means the node was back in between (even if briefly).
  let outage = 0;
  let nodeAway = false;
  let templates = 0;
  let templatesAtOutage = 0;
  const toldOutage = new WeakMap<Session, number>();
  const tellWaiting = (s: Session) => {
    if (!s.authorized || toldOutage.get(s) === outage) return;
    toldOutage.set(s, outage);
    s.showMessage(WAITING_FOR_NODE);
  };
  const watchNode = () => {
    const away = node.status().state !== "ready";
    if (away && (!nodeAway || templates !== templatesAtOutage)) {
      outage++;
      templatesAtOutage = templates;
    }
    nodeAway = away;
    if (away) for (const s of sessions) tellWaiting(s);
  };
  const candidates = new BlockCandidates({
    node,
    log,
    now,
    ...(opts.blockJournalDir !== undefined ? { journalDir: opts.blockJournalDir } : {}),
    onSettled(c) {
      if (c.state === "accepted") blocksFound++;
      // Told once per block, with the node's verdict (or that none ever came).
      events.emit("block_found", {
        source: SOURCE,
        hash: c.hash,
        height: c.height,
        address: c.address,
        worker: c.worker,
        accepted: c.state === "accepted",
        reason: c.state === "stale" ? `stale: ${c.reason}` : c.reason,
        shareDifficulty: c.shareDifficulty,
        networkDifficulty: c.networkDifficulty,
        rewardSats: c.rewardSats,
        timestamp: c.foundAt,
      });
    },
  });
  let server: StratumServer | null = null;
  let nextJob = opts.extranonce1Start !== undefined ? 1 : Math.floor(Math.random() * 0xffff) + 1;
  let blocksFound = 0;
  let lastTemplateAt: number | undefined;
  let networkDifficulty: number | undefined;
  const timers: ReturnType<typeof setInterval>[] = [];
  let unsubscribe: (() => void) | null = null;

  const maxWorkersPerAddress = opts.maxWorkersPerAddress ?? MAX_WORKERS_PER_ADDRESS;
  const abuse = { rejectFloodCuts: 0, authorizeAbuseCuts: 0, workersRefused: 0 };
  const abuseLog = { at: -Infinity, suppressed: 0 };

  const scripts = new Map<string, Uint8Array>();
  const en1Scratch = new Uint8Array(4);
  const en2Scratch = new Uint8Array(8);
  // The share being checked, in memory reused for every share (no garbage per share); a block
  // candidate is assembled from it before the check returns.
  const shareHeader = new Uint8Array(80);
  const shareHash = new Uint8Array(32);
  const submission: ShareSubmission = { extranonce1: en1Scratch, extranonce2: en2Scratch, ntime: 0, nonce: 0, version: 0 };
  const en1Bytes = (v: number) => Uint8Array.of(v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);

  /** Blocks first: journaled, then submitted to the node, before the miner gets its reply. */
  function submitCandidate(session: Session, record: SessionJob, en2: Uint8Array, shareDifficulty: number): void {
    const job = record.job;
    const hash = hashToDisplayHex(shareHash);
    let hex: string;
    try {
      hex = assembleBlock(job.work, en1Bytes(session.extranonce1), en2, shareHeader);
    } catch (err) {
      log.error("BLOCK FOUND but assembly failed", { hash, height: job.height, err: String(err) });
      return;
    }
    candidates.found({
      hash,
      height: job.height,
      address: session.address,
      worker: session.worker,
      shareDifficulty,
      networkDifficulty: targetToDifficulty(job.work.template.networkTarget),
      rewardSats: Number(job.work.template.coinbaseValue),
      foundAt: now(),
      hex,
    });
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
      if (banned.has(address)) return { ok: false, reason: BANNED_MESSAGE, banned: true };
      // One script per address, shared by its sessions (20,000 miners are mostly a few addresses).
      const known = scripts.get(address);
      if (known !== undefined) return { ok: true, script: known };
      const r = addressToScript(address, opts.network);
      if (!r.ok) return { ok: false, reason: r.reason };
      if (scripts.size >= MAX_CACHED_SCRIPTS) scripts.clear();
      scripts.set(address, r.script);
      return { ok: true, script: r.script };
    },
    jobFor: (session) => (session.payoutScript === null ? null : book.jobFor(session.payoutScript)),
    // Sent as lowercase hex (Session.sendWork); below 16^12, as job ids are read back (./protocol/submit.ts).
    nextJobNumber: () => nextJob++,
    isStale: (job: PoolJob) => book.isStale(job),
    checkShare(session: Session, record: SessionJob, p: SubmitParams, version: number): ShareOutcome {
      writeU32BE(en1Scratch, 0, session.extranonce1);
      writeU32BE(en2Scratch, 0, p.en2hi);
      writeU32BE(en2Scratch, 4, p.en2lo);
      submission.ntime = p.ntime;
      submission.nonce = p.nonce;
      submission.version = version;
      const work = record.job.work;
      const difficulty = hashShare(work, submission, shareHeader, shareHash);
      const isBlock = isBlockHash(work, shareHash);
      if (isBlock) submitCandidate(session, record, en2Scratch, difficulty);
      return { difficulty, isBlock };
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
      const sink = shareSink ?? (events.has("share_submitted") ? emitShare : null);
      if (sink === null) return;
      const s = session;
      sink(s.address, s.worker, s.userAgent, s.io.ip, s.id, record?.id ?? "", record?.job.height ?? null, rejected === null, targetDiff, outcome?.difficulty ?? 0, rejected?.code ?? null, rejected?.reason ?? null, outcome?.isBlock ?? false, t);
    },
    onAuthorized(session) {
      const w = workers.attach(session.address, session.worker, now());
      const known = bests.get(bestKey(session.address, session.worker));
      if (known !== undefined && known > w.best) w.best = known;
      if (nodeAway) tellWaiting(session);
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
    workerAllowed(address, worker) {
      if (workers.allows(address, worker, maxWorkersPerAddress)) return true;
      abuse.workersRefused++;
      return false;
    },
    workerLimitReason: `this address already has ${maxWorkersPerAddress} workers; reuse a worker name`,
    onAbuse(session, kind, detail) {
      if (kind === "rejects") abuse.rejectFloodCuts++;
      else abuse.authorizeAbuseCuts++;
      // One line per cut while they are rare; during a flood one line per 10 s with the count.
      const t = now();
      if (t - abuseLog.at < ABUSE_LOG_EVERY_MS) {
        abuseLog.suppressed++;
        return;
      }
      log.warn("stratum connection cut for abuse", {
        kind,
        detail,
        ip: session.io.ip,
        address: session.address,
        worker: session.worker,
        cutsNotLoggedBefore: abuseLog.suppressed,
      });
      abuseLog.at = t;
      abuseLog.suppressed = 0;
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

  /** The stratum+ssl listener (opts.tls); same sessions, same host. */
  let tlsServer: StratumServer | null = null;
  // Counters survive a server restart within this pool (stop/start in tests).
  const pastServers = { refusedAtCap: 0, refusedPerIp: 0, handshakeTimeouts: 0, idleTimeouts: 0 };
  function limitCounters(): PoolLimitCounters {
    const s = server?.stats;
    const t = tlsServer?.stats;
    return {
      refusedAtCap: pastServers.refusedAtCap + (s?.refusedAtCap ?? 0) + (t?.refusedAtCap ?? 0),
      refusedPerIp: pastServers.refusedPerIp + (s?.refusedPerIp ?? 0) + (t?.refusedPerIp ?? 0),
      subscribeTimeouts: pastServers.handshakeTimeouts + (s?.handshakeTimeouts ?? 0) + (t?.handshakeTimeouts ?? 0),
      idleTimeouts: pastServers.idleTimeouts + (s?.idleTimeouts ?? 0) + (t?.idleTimeouts ?? 0),
      ...abuse,
    };
  }

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
    templates++;
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
      const listen = (port: number, tls?: { cert: string; key: string }) =>
        startServer({
          host: opts.host,
          port,
          ...(tls ? { tls } : {}),
          maxLineBytes: opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES,
          idleTimeoutMs: opts.idleTimeoutMs,
          maxConnectionsPerIp: opts.maxConnectionsPerIp,
          ...(opts.maxConnections !== undefined ? { maxConnections: opts.maxConnections } : {}),
          ...(opts.subscribeTimeoutMs !== undefined ? { handshakeTimeoutMs: opts.subscribeTimeoutMs } : {}),
          log,
          now,
          onOpen(conn) {
            const session = new Session(conn, host);
            sessions.add(session);
            return session;
          },
        });
      server = listen(opts.port);
      if (opts.tls) {
        try {
          tlsServer = listen(opts.tls.port, { cert: readFileSync(opts.tls.certFile, "utf8"), key: readFileSync(opts.tls.keyFile, "utf8") });
        } catch (err) {
          await server.stop();
          server = null;
          throw err;
        }
      }
      unsubscribe = node.on("template", (u) => {
        try {
          onTemplate(u);
        } catch (err) {
          log.error("template handling failed", { err: String(err) });
        }
      });
      node.start();
      candidates.start();
      timers.push(
        setInterval(() => {
          const t = now();
          for (const s of sessions) s.tickVardiff(t);
          extranonces.sweep(t);
          watchNode();
        }, VARDIFF_TICK_MS),
        setInterval(() => {
          const t = now();
          for (const w of workers.active(t, FORGET_WORKER_MS)) {
            const r = w.rate.at(t);
            events.emit("hashrate_update", {
              source: SOURCE,
              address: w.address,
              worker: w.worker,
              hashrate1m: r["1m"],
              hashrate5m: r["5m"],
              hashrate1h: r["1h"],
              hashrate1d: r["1d"],
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
      await tlsServer?.stop();
      if (tlsServer !== null) for (const k of Object.keys(pastServers) as (keyof typeof pastServers)[]) pastServers[k] += tlsServer.stats[k];
      tlsServer = null;
      if (server !== null) for (const k of Object.keys(pastServers) as (keyof typeof pastServers)[]) pastServers[k] += server.stats[k];
      server = null;
      // A block found just before stop gets its current submission round; one still without a
      // verdict stays pending in the journal for the next start.
      await candidates.stop();
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
    setBanned(addresses) {
      banned = new Set(addresses);
      for (const s of [...sessions]) {
        if (!s.authorized || !banned.has(s.address)) continue;
        s.showMessage(`${BANNED_MESSAGE[0]!.toUpperCase()}${BANNED_MESSAGE.slice(1)}.`);
        s.io.close(BANNED_MESSAGE);
      }
    },
    sendSharesTo(sink) {
      shareSink = sink;
    },
    status() {
      const t = book.current;
      return {
        listening: server !== null,
        port: server?.port ?? 0,
        ...(tlsServer !== null ? { tlsPort: tlsServer.port } : {}),
        sessions: sessions.size,
        workers: workers.online,
        node: node.status(),
        ...(t !== null ? { height: t.height } : {}),
        ...(networkDifficulty !== undefined ? { networkDifficulty } : {}),
        ...(lastTemplateAt !== undefined ? { lastTemplateAt } : {}),
        blocksFound,
        limits: limitCounters(),
      };
    },
  };
}
