// The pool's view of its node: a template stream that survives the node going away, plus
// block submission. Nothing here throws: failures become status changes and retries.
import { classifyFailure } from "./problem.ts";
import { createRpcClient, type RpcClientOptions, type RpcFailure, type RpcResult } from "./rpc.ts";
import { DEFAULT_SUBMIT_OPTIONS, submitBlock as submit, type SubmitOutcome } from "./submit.ts";
import type { BlockTemplateJson, NodeLog, NodeState, NodeStatus, TemplateSource, TemplateUpdate } from "./types.ts";

export type { BlockTemplateJson, NodeLog, NodeProblem, NodeState, NodeStatus, TemplateUpdate } from "./types.ts";
export type { SubmitOutcome } from "./submit.ts";

export interface NodeClientOptions {
  rpc: RpcClientOptions;
  log?: NodeLog;
  /**
   * The chain the node must run, in getblockchaininfo's naming (main, test, testnet4, signet,
   * regtest). A node on another chain gets no template asked of it: its work would pay
   * addresses of the wrong network. Unset: any chain.
   */
  expectChain?: string;
  /** getblocktemplate long polling for instant new tips (default on). */
  longpoll?: boolean;
  /**
   * How long a long poll may stay unanswered once the node has a new tip (which it reports to
   * long polls at once) before its connection is taken for dead and a new one opened. There is
   * no other deadline: see longpollLoop.
   */
  longpollTimeoutMs?: number;
  /** getbestblockhash period, the fallback that bounds new-tip latency when long polling is off or stuck. */
  pollIntervalMs?: number;
  /** A fresh template (new transactions, fees) at least this often. */
  refreshIntervalMs?: number;
  backoffMinMs?: number;
  backoffMaxMs?: number;
  submitTries?: number;
  submitRetryDelayMs?: number;
  submitTimeoutMs?: number;
  now?: () => number;
}

export interface ChainInfo {
  chain: string;
  blocks: number;
  difficulty: number;
  initialblockdownload: boolean;
  [field: string]: unknown;
}

export interface NodeClient {
  start(): void;
  /** Cancels timers and in-flight calls (long poll included); resolves when all loops ended. */
  stop(): Promise<void>;
  status(): NodeStatus;
  latest(): TemplateUpdate | null;
  on(event: "template", listener: (update: TemplateUpdate) => void): () => void;
  on(event: "status", listener: (status: NodeStatus) => void): () => void;
  getBlockTemplate(): Promise<RpcResult<BlockTemplateJson>>;
  getBlockchainInfo(): Promise<RpcResult<ChainInfo>>;
  getMiningInfo(): Promise<RpcResult<Record<string, unknown>>>;
  /** `tries` overrides submitTries for this call (a caller with its own retry loop sends 1). */
  submitBlock(hex: string, opts?: { tries?: number }): Promise<SubmitOutcome>;
}

// Half the 1 s new-tip budget, leaving the rest for getblocktemplate itself.
export const DEFAULT_POLL_INTERVAL_MS = 500;
export const DEFAULT_REFRESH_INTERVAL_MS = 30_000;
// bitcoind answers a long poll within moments of a new tip; a minute of silence after one means
// the connection is gone.
const DEFAULT_LONGPOLL_TIMEOUT_MS = 60_000;
const POLL_TIMEOUT_MS = 5_000;
// bitcoind RPC error codes (src/rpc/protocol.h).
const RPC_CLIENT_NOT_CONNECTED = -9;
const RPC_CLIENT_IN_INITIAL_DOWNLOAD = -10;
const RPC_IN_WARMUP = -28;
const HASH_RE = /^[0-9a-f]{64}$/;
const BITS_RE = /^[0-9a-f]{8}$/;

const consoleLog: NodeLog = {
  info: (m) => console.info(m),
  warn: (m) => console.warn(m),
  error: (m) => console.error(m),
};

/** Network difficulty from compact bits: difficulty-1 target (0x1d00ffff) over this target. */
export function bitsToDifficulty(bits: string): number | undefined {
  const n = Number.parseInt(bits, 16);
  const exponent = n >>> 24;
  const mantissa = n & 0x7fffff;
  if (!Number.isFinite(n) || mantissa === 0) return undefined;
  return (0xffff / mantissa) * 256 ** (0x1d - exponent);
}

export function checkTemplate(raw: unknown): BlockTemplateJson | string {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return "template is not an object";
  const t = raw as Record<string, unknown>;
  if (typeof t.previousblockhash !== "string" || !HASH_RE.test(t.previousblockhash)) return "template has no valid previousblockhash";
  if (typeof t.height !== "number" || !Number.isSafeInteger(t.height) || t.height < 0) return "template has no valid height";
  if (typeof t.bits !== "string" || !BITS_RE.test(t.bits)) return "template has no valid bits";
  if (t.longpollid !== undefined && typeof t.longpollid !== "string") return "template longpollid is not a string";
  return t as BlockTemplateJson;
}

function stateFor(failure: RpcFailure): NodeState {
  if (failure.kind !== "rpc") return "down";
  if (failure.code === RPC_CLIENT_IN_INITIAL_DOWNLOAD || failure.code === RPC_CLIENT_NOT_CONNECTED) return "syncing";
  if (failure.code === RPC_IN_WARMUP) return "connecting";
  return "down";
}

/** Resolves after ms, or at once when the signal aborts; never rejects. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

interface Trigger {
  source: TemplateSource;
  /** A long poll's answer, usable as is if nothing was accepted since the poll was issued. */
  template?: unknown;
  basedOn?: number;
}

export function createNodeClient(opts: NodeClientOptions): NodeClient {
  const rpc = createRpcClient(opts.rpc);
  const log = opts.log ?? consoleLog;
  const now = opts.now ?? Date.now;
  const useLongpoll = opts.longpoll ?? true;
  const pollMs = opts.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const refreshMs = opts.refreshIntervalMs ?? DEFAULT_REFRESH_INTERVAL_MS;
  const longpollTimeoutMs = opts.longpollTimeoutMs ?? DEFAULT_LONGPOLL_TIMEOUT_MS;
  const pollTimeoutMs = Math.min(POLL_TIMEOUT_MS, opts.rpc.timeoutMs ?? POLL_TIMEOUT_MS);
  const backoffMin = opts.backoffMinMs ?? 250;
  const backoffMax = opts.backoffMaxMs ?? 10_000;
  const submitOpts = {
    tries: opts.submitTries ?? DEFAULT_SUBMIT_OPTIONS.tries,
    retryDelayMs: opts.submitRetryDelayMs ?? DEFAULT_SUBMIT_OPTIONS.retryDelayMs,
    timeoutMs: opts.submitTimeoutMs ?? DEFAULT_SUBMIT_OPTIONS.timeoutMs,
    log,
  };

  const templateListeners = new Set<(u: TemplateUpdate) => void>();
  const statusListeners = new Set<(s: NodeStatus) => void>();
  let current: NodeStatus = { state: "connecting", since: now() };
  let chain: string | undefined;
  let last: TemplateUpdate | null = null;
  let accepted = 0;
  let running = false;
  let abort = new AbortController();
  let loops: Promise<void>[] = [];
  let pending: Trigger | null = null;
  let wakeMain: (() => void) | null = null;
  let acceptWaiters: (() => void)[] = [];
  let refreshTimer: ReturnType<typeof setTimeout> | null = null;
  /** The one long poll in flight, if any. */
  let longpoll: AbortController | null = null;
  let longpollDeadTimer: ReturnType<typeof setTimeout> | null = null;

  function emit<T>(listeners: Set<(v: T) => void>, value: T, what: string): void {
    for (const listener of listeners) {
      try {
        listener(value);
      } catch (e) {
        log.error(`node ${what} listener threw: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  function setStatus(state: NodeState, patch: Partial<NodeStatus>): void {
    const changed = state !== current.state;
    const next: NodeStatus = { ...current, ...patch, state, since: changed ? now() : current.since };
    if (state === "ready") {
      delete next.lastError;
      delete next.problem;
    }
    const problemChanged = next.problem?.kind !== current.problem?.kind;
    current = next;
    if (!changed && !(problemChanged && next.problem?.kind === "wrong-chain")) return;
    // Logged once per change: a node down for an hour is one line, not one per retry.
    if (next.problem?.kind === "wrong-chain") log.error(`node ${state}: ${next.lastError ?? ""}`);
    else if (state === "ready") log.info(`node ready: ${next.chain ?? "?"} at height ${next.height ?? "?"}`);
    else if (state === "connecting") log.info(`node connecting${next.lastError ? `: ${next.lastError}` : ""}`);
    else log.warn(`node ${state}: ${next.lastError ?? ""}`);
    emit(statusListeners, { ...current }, "status");
  }

  function failed(failure: RpcFailure): false {
    if (abort.signal.aborted) return false;
    setStatus(stateFor(failure), { lastError: `${failure.kind}: ${failure.message}`, problem: classifyFailure(failure) });
    return false;
  }

  function rules(): string[] {
    // Signet blocks carry a signet commitment; the node refuses templates to clients not saying so.
    return chain === "signet" ? ["segwit", "signet"] : ["segwit"];
  }

  function accept(raw: unknown, source: TemplateSource): boolean {
    const template = checkTemplate(raw);
    if (typeof template === "string") return failed({ ok: false, kind: "parse", message: template });
    const tipChanged = last === null || last.template.previousblockhash !== template.previousblockhash;
    last = { template, tipChanged, source, receivedAt: now() };
    accepted++;
    setStatus("ready", { chain, height: template.height - 1, difficulty: bitsToDifficulty(template.bits) });
    if (refreshTimer) clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => trigger({ source: "refresh" }), refreshMs);
    for (const wake of acceptWaiters.splice(0)) wake();
    if (tipChanged && source !== "longpoll") expectLongpollAnswer();
    emit(templateListeners, last, "template");
    return true;
  }

  /** A new tip came by another path: the long poll in flight must answer soon, or it is dead. */
  function expectLongpollAnswer(): void {
    if (longpoll === null || longpollDeadTimer !== null) return;
    const call = longpoll;
    longpollDeadTimer = setTimeout(() => {
      longpollDeadTimer = null;
      if (longpoll !== call) return;
      log.warn(`node long poll unanswered ${longpollTimeoutMs} ms after a new tip: taking its connection for dead, opening another`);
      call.abort();
    }, longpollTimeoutMs);
  }

  function clearLongpollDeadTimer(): void {
    if (longpollDeadTimer) clearTimeout(longpollDeadTimer);
    longpollDeadTimer = null;
  }

  /** The failure detectChain returned last for a node on another chain. */
  let wrongChain: RpcFailure | null = null;

  async function detectChain(): Promise<RpcResult<ChainInfo>> {
    const r = await rpc.call<ChainInfo>("getblockchaininfo", [], { signal: abort.signal });
    if (!r.ok) return r;
    if (typeof r.result !== "object" || r.result === null || typeof r.result.chain !== "string") {
      return { ok: false, kind: "parse", message: "getblockchaininfo without chain" };
    }
    if (opts.expectChain !== undefined && r.result.chain !== opts.expectChain) {
      chain = undefined;
      const message = `the node runs the ${r.result.chain} chain, not ${opts.expectChain}: no work is handed out until they match`;
      setStatus("down", { lastError: message, chain: r.result.chain, problem: { kind: "wrong-chain", chain: r.result.chain, expected: opts.expectChain } });
      wrongChain = { ok: false, kind: "rpc", message };
      return wrongChain;
    }
    chain = r.result.chain;
    return r;
  }

  async function fetchTemplate(source: TemplateSource): Promise<boolean> {
    if (current.state !== "ready" || chain === undefined) {
      const info = await detectChain();
      // A node on the wrong chain has its status set already (with its own, louder log line).
      if (!info.ok) return info === wrongChain ? false : failed(info);
      const { blocks, difficulty } = info.result;
      current = { ...current, chain, ...(typeof blocks === "number" ? { height: blocks } : {}), ...(typeof difficulty === "number" ? { difficulty } : {}) };
    }
    const r = await rpc.call("getblocktemplate", [{ rules: rules() }], { signal: abort.signal });
    if (!r.ok) return failed(r);
    return accept(r.result, source);
  }

  function trigger(t: Trigger): void {
    if (!running) return;
    // A long poll's ready template beats a bare "go fetch".
    if (pending === null || pending.template === undefined) pending = t;
    wakeMain?.();
  }

  async function nextTrigger(): Promise<Trigger | null> {
    while (running && pending === null) await new Promise<void>((r) => (wakeMain = r));
    wakeMain = null;
    const t = pending;
    pending = null;
    return running ? t : null;
  }

  function waitAccepted(count: number): Promise<void> {
    if (!running || accepted > count) return Promise.resolve();
    return new Promise((r) => acceptWaiters.push(r));
  }

  async function mainLoop(): Promise<void> {
    let next: Trigger | null = { source: "initial" };
    let backoff = backoffMin;
    while (running && next) {
      const ok =
        next.template !== undefined && next.basedOn === accepted
          ? accept(next.template, next.source)
          : await fetchTemplate(next.source);
      if (!running) break;
      if (!ok) {
        await pause(backoff, abort.signal);
        backoff = Math.min(backoff * 2, backoffMax);
        next = { source: "retry" };
        continue;
      }
      backoff = backoffMin;
      next = await nextTrigger();
    }
  }

  async function pollLoop(): Promise<void> {
    while (running) {
      await pause(pollMs, abort.signal);
      if (!running || current.state !== "ready" || last === null) continue;
      const r = await rpc.call<string>("getbestblockhash", [], { signal: abort.signal, timeoutMs: pollTimeoutMs });
      if (!running) break;
      // A failed poll also goes to the main loop, whose fetch decides whether the node is down.
      if (!r.ok || r.result !== last.template.previousblockhash) trigger({ source: "poll" });
    }
  }

  async function longpollLoop(): Promise<void> {
    let backoff = backoffMin;
    while (running) {
      const id = last?.template.longpollid;
      if (current.state !== "ready" || id === undefined) {
        await waitAccepted(accepted);
        continue;
      }
      const basedOn = accepted;
      const call = new AbortController();
      longpoll = call;
      // No deadline of our own: bitcoind holds a long poll until the tip changes (on a quiet
      // node, indefinitely), and a call we give up on keeps one of its RPC threads busy all the
      // same, so reissuing on a timer stacks them until the node has none left. A new call is
      // made only once this one answered or its connection failed (expectLongpollAnswer).
      const r = await rpc.call("getblocktemplate", [{ rules: rules(), longpollid: id }], {
        signal: AbortSignal.any([abort.signal, call.signal]),
        timeoutMs: 0,
      });
      longpoll = null;
      clearLongpollDeadTimer();
      if (!running) break;
      if (r.ok) {
        backoff = backoffMin;
        trigger({ source: "longpoll", template: r.result, basedOn });
        // Reissuing with the same id would return at once: wait for the next accepted template.
        await waitAccepted(basedOn);
      } else {
        await pause(backoff, abort.signal);
        backoff = Math.min(backoff * 2, backoffMax);
      }
    }
  }

  const client: NodeClient = {
    start() {
      if (running) return;
      running = true;
      abort = new AbortController();
      loops = [mainLoop(), pollLoop(), ...(useLongpoll ? [longpollLoop()] : [])];
    },
    async stop() {
      if (!running) return;
      running = false;
      abort.abort();
      if (refreshTimer) clearTimeout(refreshTimer);
      refreshTimer = null;
      clearLongpollDeadTimer();
      pending = null;
      wakeMain?.();
      for (const wake of acceptWaiters.splice(0)) wake();
      await Promise.all(loops);
      loops = [];
    },
    status: () => ({ ...current }),
    latest: () => last,
    on(event: "template" | "status", listener: ((u: TemplateUpdate) => void) | ((s: NodeStatus) => void)) {
      const set = (event === "template" ? templateListeners : statusListeners) as Set<typeof listener>;
      set.add(listener);
      return () => void set.delete(listener);
    },
    async getBlockTemplate() {
      if (chain === undefined) {
        const info = await detectChain();
        if (!info.ok) return info;
      }
      const r = await rpc.call("getblocktemplate", [{ rules: rules() }]);
      if (!r.ok) return r;
      const t = checkTemplate(r.result);
      return typeof t === "string" ? { ok: false, kind: "parse", message: t } : { ok: true, result: t };
    },
    getBlockchainInfo: () => rpc.call<ChainInfo>("getblockchaininfo"),
    getMiningInfo: () => rpc.call<Record<string, unknown>>("getmininginfo"),
    async submitBlock(hex, callOpts) {
      const outcome = await submit(rpc, hex, callOpts?.tries === undefined ? submitOpts : { ...submitOpts, tries: callOpts.tries });
      // Our own block moves the tip: fetch the next template now rather than at the next poll.
      if (outcome.accepted) trigger({ source: "submit" });
      return outcome;
    },
  };
  return client;
}
