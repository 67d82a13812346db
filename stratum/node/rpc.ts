// JSON-RPC client for Bitcoin Core / Knots. Every outcome is a value: a node that is down,
// slow, behind a proxy answering HTML, or sending garbage never makes a call throw.

export type RpcFailureKind = "transport" | "http" | "rpc" | "parse" | "timeout";

export type RpcResult<T> =
  | { ok: true; result: T }
  | {
      ok: false;
      kind: RpcFailureKind;
      message: string;
      code?: number;
      status?: number;
      /** The system's error code of a transport failure (ECONNREFUSED, ENOTFOUND, ENOENT, …). */
      errno?: string;
      /** Set when the failure was reading this cookie file. */
      cookieFile?: string;
    };

export type RpcFailure = Extract<RpcResult<unknown>, { ok: false }>;

export interface RpcClientOptions {
  url: string;
  user?: string;
  password?: string;
  /** bitcoind's .cookie ("__cookie__:<hex>"); re-read after a 401 since every start rewrites it. */
  cookieFile?: string;
  /** Per call, unless the call gives its own. */
  timeoutMs?: number;
  /**
   * "1.0" (default) is what every bitcoind speaks: RPC errors come back as HTTP 500 (404 for an
   * unknown method) with a JSON body. "2.0" (bitcoind ≥ 28) answers RPC errors with HTTP 200.
   */
  jsonrpc?: "1.0" | "2.0";
}

export interface CallOptions {
  /** 0: no deadline at all (a long poll, which the node may hold for as long as it likes). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export type RpcParams = unknown[] | Record<string, unknown>;

export interface RpcClient {
  call<T = unknown>(method: string, params?: RpcParams, opts?: CallOptions): Promise<RpcResult<T>>;
}

export const DEFAULT_RPC_TIMEOUT_MS = 30_000;
// Error text quoted from a foreign body is cut so a 5 MB HTML page never lands in a log line.
const MAX_QUOTED_CHARS = 200;
const HTTP_UNAUTHORIZED = 401;

/** Turns an arbitrary body into one short printable line (tags dropped, whitespace squeezed). */
export function quote(text: string): string {
  const flat = text
    .replace(/<[^>]*>/g, " ")
    .replace(/[^\x20-\x7e]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return flat.length > MAX_QUOTED_CHARS ? `${flat.slice(0, MAX_QUOTED_CHARS)}…` : flat;
}

function fail(kind: RpcFailureKind, message: string, extra: { code?: number; status?: number; errno?: string; cookieFile?: string } = {}): RpcFailure {
  return { ok: false, kind, message, ...extra };
}

function errnoOf(e: unknown): { errno?: string } {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "string" && code !== "" ? { errno: code } : {};
}

function errorText(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    return typeof code === "string" && !e.message.includes(code) ? `${code}: ${e.message}` : e.message;
  }
  return String(e);
}

/** Reads the answer of one HTTP exchange; pure so every hostile body can be tested directly. */
export function interpretResponse<T>(status: number, text: string): RpcResult<T> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    if (status !== 200) return fail("http", `HTTP ${status}: ${quote(text) || "empty body"}`, { status });
    return fail("parse", `invalid JSON from node: ${quote(text) || "empty body"}`, { status });
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    const kind = status === 200 ? "parse" : "http";
    return fail(kind, `unexpected answer (HTTP ${status}): ${quote(text)}`, { status });
  }
  const { error, result } = body as { error?: unknown; result?: unknown };
  if (error !== undefined && error !== null) {
    if (typeof error === "object") {
      const { code, message } = error as { code?: unknown; message?: unknown };
      const msg = typeof message === "string" ? message : quote(JSON.stringify(error));
      return typeof code === "number" ? fail("rpc", msg, { code, status }) : fail("rpc", msg, { status });
    }
    return fail("rpc", quote(String(error)), { status });
  }
  if (status !== 200) return fail("http", `HTTP ${status}: ${quote(text)}`, { status });
  if (!("result" in body)) return fail("parse", `answer without result: ${quote(text)}`, { status });
  return { ok: true, result: result as T };
}

export function createRpcClient(opts: RpcClientOptions): RpcClient {
  const defaultTimeout = opts.timeoutMs ?? DEFAULT_RPC_TIMEOUT_MS;
  const version = opts.jsonrpc ?? "1.0";
  let cookieAuth: string | null = null;
  let nextId = 1;

  async function readCookie(): Promise<RpcFailure | null> {
    const path = opts.cookieFile as string;
    try {
      const text = (await Bun.file(path).text()).trim();
      if (!text.includes(":")) return fail("transport", `cookie file ${path} holds no user:password`, { cookieFile: path });
      cookieAuth = `Basic ${btoa(text)}`;
      return null;
    } catch (e) {
      // bitcoind deletes its cookie on shutdown, so a missing file usually means the node is down.
      return fail("transport", `cannot read cookie file ${path}: ${errorText(e)}`, { cookieFile: path, ...errnoOf(e) });
    }
  }

  async function authorization(): Promise<string | RpcFailure | null> {
    if (opts.cookieFile !== undefined) {
      if (cookieAuth === null) {
        const problem = await readCookie();
        if (problem) return problem;
      }
      return cookieAuth;
    }
    if (opts.user !== undefined || opts.password !== undefined) {
      return `Basic ${btoa(`${opts.user ?? ""}:${opts.password ?? ""}`)}`;
    }
    return null;
  }

  async function exchange<T>(body: string, auth: string | null, timeoutMs: number, signal?: AbortSignal) {
    const timeout = timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : null;
    const signals = [timeout, signal].filter((s): s is AbortSignal => s !== undefined && s !== null);
    const combined = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (auth !== null) headers.authorization = auth;
    try {
      // Bun's own idle timeout (5 min) would otherwise cut a call meant to have no deadline.
      const init = { method: "POST", headers, body, signal: combined, ...(timeout === null ? { timeout: false } : {}) };
      const res = await fetch(opts.url, init);
      const text = await res.text();
      return { status: res.status, result: interpretResponse<T>(res.status, text) };
    } catch (e) {
      if (timeout?.aborted) return { status: 0, result: fail("timeout", `no answer within ${timeoutMs} ms`) };
      if (signal?.aborted) return { status: 0, result: fail("transport", "call cancelled") };
      return { status: 0, result: fail("transport", errorText(e), errnoOf(e)) };
    }
  }

  return {
    async call<T>(method: string, params: RpcParams = [], callOpts: CallOptions = {}): Promise<RpcResult<T>> {
      const id = nextId++;
      let body: string;
      try {
        body = JSON.stringify({ jsonrpc: version, id, method, params });
      } catch (e) {
        return fail("parse", `cannot encode params of ${method}: ${errorText(e)}`);
      }
      const timeoutMs = callOpts.timeoutMs ?? defaultTimeout;
      const auth = await authorization();
      if (auth !== null && typeof auth !== "string") return auth;
      let { status, result } = await exchange<T>(body, auth, timeoutMs, callOpts.signal);
      if (status === HTTP_UNAUTHORIZED && opts.cookieFile !== undefined) {
        // The node restarted and wrote a new cookie: read it once and try again.
        const problem = await readCookie();
        if (problem) return problem;
        ({ status, result } = await exchange<T>(body, cookieAuth, timeoutMs, callOpts.signal));
      }
      if (status === HTTP_UNAUTHORIZED && !result.ok) {
        return fail("http", "HTTP 401: the node refused the RPC credentials", { status });
      }
      return result;
    },
  };
}
