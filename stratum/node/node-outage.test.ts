// The node client when the node, or what stands in front of it, misbehaves.
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, NODE_TEST_TIMEOUT_MS, startBitcoind, type TestNode } from "../../test/bitcoind.ts";
import { startFlakyProxy, type FlakyProxy } from "./flaky-proxy.ts";
import { createNodeClient, type NodeClient, type NodeClientOptions, type NodeLog } from "./node.ts";
import { nextTemplate, statusWhen } from "./waiting.ts";

const rejections: unknown[] = [];
const onRejection = (e: unknown) => rejections.push(e);
process.on("unhandledRejection", onRejection);

let node: TestNode;
let proxy: FlakyProxy;
let client: NodeClient | null = null;
const lines: string[] = [];
const log: NodeLog = {
  info: (m) => lines.push(`info ${m}`),
  warn: (m) => lines.push(`warn ${m}`),
  error: (m) => lines.push(`error ${m}`),
};

beforeAll(async () => {
  node = await startBitcoind();
}, NODE_TEST_TIMEOUT_MS);
afterEach(async () => {
  await client?.stop();
  client = null;
  proxy?.stop();
  lines.length = 0;
});
afterAll(async () => {
  await node?.destroy();
  process.off("unhandledRejection", onRejection);
  expect(rejections).toEqual([]);
});

function start(opts: Partial<Omit<NodeClientOptions, "rpc">> & { rpcTimeoutMs?: number } = {}): NodeClient {
  const { rpcTimeoutMs = 1_000, ...rest } = opts;
  proxy = startFlakyProxy({ url: node.rpcUrl, user: node.rpcUser, password: node.rpcPassword });
  client = createNodeClient({
    rpc: { url: proxy.url, timeoutMs: rpcTimeoutMs },
    log,
    backoffMinMs: 50,
    backoffMaxMs: 200,
    ...rest,
  });
  return client;
}

const warnings = (what: string) => lines.filter((l) => l.startsWith(`warn node ${what}`)).length;

describe("node client against a misbehaving node", () => {
  test("HTTP 500 with HTML: down, retried with capped backoff, one log line; recovers", async () => {
    const c = start({ backoffMinMs: 100, backoffMaxMs: 400 });
    proxy.mode = "html500";
    c.start();
    const down = await statusWhen(c, (s) => s.state === "down");
    expect(down.lastError).toContain("HTTP 500");
    expect(down.lastError).toContain("Internal Server Error");
    expect(down.lastError).not.toContain("<");

    await proxy.waitRequests(6);
    const at = proxy.requests.map((r) => r.at);
    const gaps = at.slice(1, 6).map((t, i) => t - at[i]!);
    // 100, 200, 400, then held at the 400 cap (timer slack allowed above, none below).
    const expected = [100, 200, 400, 400, 400];
    gaps.forEach((gap, i) => {
      expect(gap).toBeGreaterThanOrEqual(expected[i]! - 5);
      expect(gap).toBeLessThan(expected[i]! + 250);
    });
    expect(warnings("down")).toBe(1);
    expect(c.latest()).toBeNull();

    proxy.mode = "pass";
    const u = await nextTemplate(c);
    expect(u.tipChanged).toBe(true);
    expect(c.status().state).toBe("ready");
    expect(c.status().lastError).toBeUndefined();
  }, 30_000);

  test("garbage JSON after a good start: down, then back on the same tip", async () => {
    const c = start();
    const first = nextTemplate(c);
    c.start();
    const good = await first;
    proxy.mode = "garbage";
    const down = await statusWhen(c, (s) => s.state === "down");
    expect(down.lastError).toStartWith("parse");
    proxy.mode = "pass";
    const back = await nextTemplate(c);
    expect(back.tipChanged).toBe(false);
    expect(back.template.previousblockhash).toBe(good.template.previousblockhash);
  }, 30_000);

  test("a node that never answers: timeout, down, recovers", async () => {
    const c = start({ rpcTimeoutMs: 300 });
    const first = nextTemplate(c);
    c.start();
    await first;
    proxy.mode = "hang";
    const down = await statusWhen(c, (s) => s.state === "down", 5_000);
    expect(down.lastError).toStartWith("timeout");
    proxy.mode = "pass";
    await nextTemplate(c, () => true, 5_000);
    expect(c.status().state).toBe("ready");
  }, 30_000);

  test("initial block download: syncing, then ready", async () => {
    const c = start();
    proxy.mode = "ibd";
    c.start();
    const syncing = await statusWhen(c, (s) => s.state === "syncing");
    expect(syncing.lastError).toContain("initial sync");
    expect(syncing.chain).toBe("regtest");
    expect(warnings("syncing")).toBe(1);
    proxy.mode = "pass";
    await nextTemplate(c);
    expect(c.status().state).toBe("ready");
  }, 30_000);

  test("connection refused: down, the process carries on", async () => {
    client = createNodeClient({ rpc: { url: `http://127.0.0.1:${freePort()}/` }, log, backoffMinMs: 20, backoffMaxMs: 40 });
    const statuses: string[] = [];
    client.on("status", (s) => statuses.push(s.state));
    client.start();
    const down = await statusWhen(client, (s) => s.state === "down");
    expect(down.lastError).toStartWith("transport");
    expect(statuses).toEqual(["down"]);
    expect(warnings("down")).toBe(1);
    expect(client.latest()).toBeNull();
  }, 30_000);

  test("cookie rewritten by a node restart: re-read on 401, templates keep flowing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tbg-cookie-"));
    try {
      const cookieFile = join(dir, ".cookie");
      writeFileSync(cookieFile, "__cookie__:aaaa");
      proxy = startFlakyProxy({ url: node.rpcUrl, user: node.rpcUser, password: node.rpcPassword });
      proxy.requiredAuth = "__cookie__:aaaa";
      client = createNodeClient({ rpc: { url: proxy.url, cookieFile, timeoutMs: 1_000 }, log, backoffMinMs: 50 });
      const first = nextTemplate(client);
      client.start();
      await first;

      // New cookie on disk and at the node: the next calls re-read it without going down.
      writeFileSync(cookieFile, "__cookie__:bbbb");
      proxy.requiredAuth = "__cookie__:bbbb";
      const tip = nextTemplate(client, (u) => u.tipChanged, 5_000);
      const [hash] = await node.mine(1);
      expect((await tip).template.previousblockhash).toBe(hash!);
      expect(warnings("down")).toBe(0);

      // The node wants a secret the file does not hold yet: a clear 401, then recovery.
      proxy.requiredAuth = "__cookie__:cccc";
      const down = await statusWhen(client, (s) => s.state === "down", 5_000);
      expect(down.lastError).toContain("401");
      writeFileSync(cookieFile, "__cookie__:cccc");
      await nextTemplate(client, () => true, 5_000);
      expect(client.status().state).toBe("ready");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
