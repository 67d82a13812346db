import { afterAll, afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NODE_TEST_TIMEOUT_MS, startBitcoind, type TestNode } from "../../test/bitcoind.ts";
import { createRpcClient, interpretResponse } from "./rpc.ts";

type Handler = (req: Request) => Response | Promise<Response>;
const servers: { stop(force?: boolean): unknown }[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.stop(true);
});

function serve(handler: Handler): string {
  const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: handler });
  servers.push(server);
  return `http://127.0.0.1:${server.port}/`;
}

function closedPortUrl(): string {
  const l = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = l.port;
  l.stop(true);
  return `http://127.0.0.1:${port}/`;
}

describe("interpretResponse", () => {
  test("bitcoind's HTTP 500 + JSON error is an rpc failure with its code", () => {
    const r = interpretResponse(500, '{"result":null,"error":{"code":-25,"message":"bad-txns"},"id":1}');
    expect(r).toEqual({ ok: false, kind: "rpc", message: "bad-txns", code: -25, status: 500 });
  });
  test("unknown method: HTTP 404 + JSON error", () => {
    const r = interpretResponse(404, '{"result":null,"error":{"code":-32601,"message":"Method not found"},"id":1}');
    expect(r.ok || r.code).toBe(-32601);
  });
  test("JSON-RPC 2.0 error with HTTP 200", () => {
    const r = interpretResponse(200, '{"jsonrpc":"2.0","error":{"code":-8,"message":"x"},"id":1}');
    expect(r.ok ? null : r.kind).toBe("rpc");
  });
  test("null result is a success (submitblock accepted)", () => {
    expect(interpretResponse(200, '{"result":null,"error":null,"id":1}')).toEqual({ ok: true, result: null });
  });
  test("garbage of every shape", () => {
    const cases: [number, string, string][] = [
      [200, '{"result": {"height": 1', "parse"],
      [200, "", "parse"],
      [200, "[1,2]", "parse"],
      [200, "null", "parse"],
      [200, '{"error":null,"id":1}', "parse"],
      [500, "<html><body><h1>502 Bad Gateway</h1></body></html>", "http"],
      [500, "", "http"],
      [503, '"busy"', "http"],
    ];
    for (const [status, body, kind] of cases) {
      const r = interpretResponse(status, body);
      expect(r.ok ? "ok" : r.kind).toBe(kind);
    }
  });
  test("quoted bodies are short and tag-free", () => {
    const r = interpretResponse(500, `<html><p>${"x".repeat(5000)}</p></html>`);
    if (r.ok) throw new Error("expected failure");
    expect(r.message.length).toBeLessThan(220);
    expect(r.message).not.toContain("<");
  });
});

describe("createRpcClient against hostile servers", () => {
  test("HTTP 500 with an HTML body", async () => {
    const url = serve(() => new Response("<html><h1>Internal Server Error</h1></html>", { status: 500 }));
    const r = await createRpcClient({ url }).call("getblockchaininfo");
    expect(r).toMatchObject({ ok: false, kind: "http", status: 500 });
    if (!r.ok) expect(r.message).toContain("Internal Server Error");
  });

  test("HTTP 500 with bitcoind's JSON error, and the request it was sent", async () => {
    let seen: unknown;
    const url = serve(async (req) => {
      seen = await req.json();
      return Response.json({ result: null, error: { code: -10, message: "in IBD" }, id: 1 }, { status: 500 });
    });
    const r = await createRpcClient({ url }).call("getblocktemplate", [{ rules: ["segwit"] }]);
    expect(r).toMatchObject({ ok: false, kind: "rpc", code: -10, message: "in IBD" });
    expect(seen).toMatchObject({ jsonrpc: "1.0", method: "getblocktemplate", params: [{ rules: ["segwit"] }] });
  });

  test("truncated JSON with HTTP 200", async () => {
    const url = serve(() => new Response('{"result":{"blocks":12', { status: 200 }));
    const r = await createRpcClient({ url }).call("getblockchaininfo");
    expect(r).toMatchObject({ ok: false, kind: "parse" });
  });

  test("a server that never answers times out", async () => {
    const url = serve(() => new Promise<Response>(() => {}));
    const started = performance.now();
    const r = await createRpcClient({ url, timeoutMs: 200 }).call("getbestblockhash");
    expect(r).toMatchObject({ ok: false, kind: "timeout" });
    expect(performance.now() - started).toBeLessThan(2000);
  });

  test("a server that drops the connection mid-answer", async () => {
    const l = Bun.listen({
      hostname: "127.0.0.1",
      port: 0,
      socket: {
        data(socket) {
          socket.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n{\"result\":");
          socket.end();
        },
      },
    });
    servers.push(l);
    const r = await createRpcClient({ url: `http://127.0.0.1:${l.port}/` }).call("getbestblockhash");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(["transport", "parse"]).toContain(r.kind);
  });

  test("connection refused", async () => {
    const r = await createRpcClient({ url: closedPortUrl() }).call("getbestblockhash");
    expect(r).toMatchObject({ ok: false, kind: "transport" });
  });

  test("a caller's abort cancels the call at once", async () => {
    const url = serve(() => new Promise<Response>(() => {}));
    const ac = new AbortController();
    const pending = createRpcClient({ url, timeoutMs: 60_000 }).call("getblocktemplate", [], { signal: ac.signal });
    ac.abort();
    expect(await pending).toMatchObject({ ok: false, kind: "transport", message: "call cancelled" });
  });

  test("user and password go out as basic auth; wrong ones give a clear 401", async () => {
    const url = serve((req) =>
      req.headers.get("authorization") === `Basic ${btoa("alice:secret")}`
        ? Response.json({ result: "ok", error: null, id: 1 })
        : new Response(null, { status: 401 }),
    );
    expect(await createRpcClient({ url, user: "alice", password: "secret" }).call("x")).toEqual({ ok: true, result: "ok" });
    const bad = await createRpcClient({ url, user: "alice", password: "nope" }).call("x");
    expect(bad).toMatchObject({ ok: false, kind: "http", status: 401 });
  });

  test("401 makes the client re-read a rewritten cookie", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tbg-rpc-"));
    try {
      const cookieFile = join(dir, ".cookie");
      let current = "__cookie__:first";
      let requests = 0;
      const url = serve((req) => {
        requests++;
        return req.headers.get("authorization") === `Basic ${btoa(current)}`
          ? Response.json({ result: current, error: null, id: 1 })
          : new Response(null, { status: 401 });
      });
      writeFileSync(cookieFile, current);
      const client = createRpcClient({ url, cookieFile });
      expect(await client.call("x")).toEqual({ ok: true, result: "__cookie__:first" });

      // The node restarts: new secret, new file. One call still succeeds (401, re-read, retry).
      current = "__cookie__:second";
      writeFileSync(cookieFile, `${current}\n`);
      requests = 0;
      expect(await client.call("x")).toEqual({ ok: true, result: "__cookie__:second" });
      expect(requests).toBe(2);

      // A stale file is reported, not retried forever.
      current = "__cookie__:third";
      requests = 0;
      expect(await client.call("x")).toMatchObject({ ok: false, kind: "http", status: 401 });
      expect(requests).toBe(2);

      rmSync(cookieFile);
      const missing = await client.call("x");
      expect(missing).toMatchObject({ ok: false, kind: "transport" });
      if (!missing.ok) expect(missing.message).toContain("cookie");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("createRpcClient against a real node", () => {
  let node: TestNode;
  afterAll(() => node?.destroy());

  test("cookie auth keeps working across a node restart", async () => {
    node = await startBitcoind();
    const client = createRpcClient({ url: node.rpcUrl, cookieFile: node.cookieFile, timeoutMs: 5000 });
    const a = await client.call<{ chain: string }>("getblockchaininfo");
    expect(a).toMatchObject({ ok: true, result: { chain: "regtest" } });
    const unknown = await client.call("nosuchmethod");
    expect(unknown).toMatchObject({ ok: false, kind: "rpc", code: -32601 });
    const badParams = await client.call("getblockhash", [99]);
    expect(badParams).toMatchObject({ ok: false, kind: "rpc", code: -8 });

    await node.stop();
    expect(await client.call("getblockchaininfo")).toMatchObject({ ok: false, kind: "transport" });
    await node.restart();
    const b = await client.call<number>("getblockcount");
    expect(b).toEqual({ ok: true, result: 0 });
  }, NODE_TEST_TIMEOUT_MS);
});
