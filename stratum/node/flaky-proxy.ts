// Test support: an HTTP proxy in front of a real bitcoind that can be told to misbehave the
// ways nodes and the proxies in front of them do. Passing requests reach the real node.

export type ProxyMode =
  | "pass"
  /** HTTP 500 with an HTML page, as a reverse proxy with a dead backend answers. */
  | "html500"
  /** HTTP 200 with truncated JSON. */
  | "garbage"
  /** Accepts the request and never answers. */
  | "hang"
  /** bitcoind's answer while in initial block download (getblocktemplate only). */
  | "ibd"
  /** Long polls (getblocktemplate with a longpollid) are held forever, as on a dead connection; the rest pass. */
  | "hang-longpoll";

export interface FlakyProxy {
  url: string;
  mode: ProxyMode;
  /** Methods answered with the HTML 500 page whatever the mode (e.g. only submitblock fails). */
  failing: Set<string>;
  /** When set, requests must carry Basic auth of exactly this "user:password" or get 401. */
  requiredAuth: string | null;
  /** Every request's method name, whether it was a long poll, and arrival time (performance.now()). */
  requests: { method: string; longpoll: boolean; at: number }[];
  /** Resolves once `count` requests in total have arrived; rejects after timeoutMs. */
  waitRequests(count: number, timeoutMs?: number): Promise<void>;
  /** Closes the listening port and every connection: callers get ECONNREFUSED, as from a node that is gone. */
  cut(): void;
  /** Listens again on the same port. */
  restore(): void;
  stop(): void;
}

export function startFlakyProxy(target: { url: string; user: string; password: string }): FlakyProxy {
  const waiters = new Set<{ count: number; done: () => void }>();
  const upstreamAuth = `Basic ${btoa(`${target.user}:${target.password}`)}`;
  const listen = (port: number) => Bun.serve({
    hostname: "127.0.0.1",
    port,
    idleTimeout: 0,
    async fetch(req) {
      const body = await req.text();
      let method = "?";
      let longpoll = false;
      try {
        const call = JSON.parse(body) as { method?: unknown; params?: unknown };
        method = String(call.method);
        longpoll = Array.isArray(call.params) && typeof (call.params[0] as { longpollid?: unknown } | undefined)?.longpollid === "string";
      } catch {}
      proxy.requests.push({ method, longpoll, at: performance.now() });
      for (const w of [...waiters]) if (proxy.requests.length >= w.count) w.done();
      if (proxy.requiredAuth !== null && req.headers.get("authorization") !== `Basic ${btoa(proxy.requiredAuth)}`) {
        return new Response(null, { status: 401, headers: { "www-authenticate": 'Basic realm="jsonrpc"' } });
      }
      const mode = proxy.failing.has(method) ? "html500" : proxy.mode;
      switch (mode) {
        case "html500":
          return new Response("<html><head><title>500</title></head><body><h1>Internal Server Error</h1></body></html>", {
            status: 500,
            headers: { "content-type": "text/html" },
          });
        case "garbage":
          return new Response('{"result":{"previousblockhash":"00', { status: 200 });
        case "hang":
          return new Promise<Response>(() => {});
        case "hang-longpoll":
          if (longpoll) return new Promise<Response>(() => {});
          break;
        case "ibd":
          if (method === "getblocktemplate") {
            return Response.json(
              { result: null, error: { code: -10, message: "Bitcoin Knots is in initial sync and waiting for blocks..." }, id: 1 },
              { status: 500 },
            );
          }
          break;
        case "pass":
          break;
      }
      const res = await fetch(target.url, {
        method: "POST",
        headers: { authorization: upstreamAuth, "content-type": "application/json" },
        body,
      });
      return new Response(await res.text(), { status: res.status, headers: { "content-type": "application/json" } });
    },
  });
  let server: ReturnType<typeof listen> | null = listen(0);
  const port = server.port as number;
  const proxy: FlakyProxy = {
    url: `http://127.0.0.1:${port}/`,
    mode: "pass",
    failing: new Set(),
    requiredAuth: null,
    requests: [],
    waitRequests(count, timeoutMs = 5_000) {
      if (proxy.requests.length >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const w = {
          count,
          done: () => {
            clearTimeout(timer);
            waiters.delete(w);
            resolve();
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(w);
          reject(new Error(`only ${proxy.requests.length} of ${count} requests within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(w);
      });
    },
    cut() {
      void server?.stop(true);
      server = null;
    },
    restore() {
      server ??= listen(port);
    },
    stop() {
      void server?.stop(true);
      server = null;
    },
  };
  return proxy;
}
