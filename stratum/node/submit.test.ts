// Block submission through a flaky proxy in front of a real regtest node, and the signet
// and refresh paths of the template stream.
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { NODE_TEST_TIMEOUT_MS, startBitcoind, type TestNode } from "../../test/bitcoind.ts";
import { startFlakyProxy, type FlakyProxy } from "./flaky-proxy.ts";
import { createRpcClient } from "./rpc.ts";
import { checkBlockHex, interpretSubmitResult, submitBlock } from "./submit.ts";
import { createNodeClient, type NodeLog } from "./node.ts";
import { nextTemplate } from "./waiting.ts";

const lines: string[] = [];
const log: NodeLog = {
  info: (m) => lines.push(`info ${m}`),
  warn: (m) => lines.push(`warn ${m}`),
  error: (m) => lines.push(`error ${m}`),
};

let node: TestNode;
let proxy: FlakyProxy;
beforeAll(async () => {
  node = await startBitcoind();
}, NODE_TEST_TIMEOUT_MS);
afterEach(() => {
  proxy?.stop();
  lines.length = 0;
});
afterAll(() => node?.destroy());

async function unsubmittedBlock(): Promise<{ hash: string; hex: string }> {
  return node.rpc("generateblock", [await node.getNewAddress(), [], false]);
}

function viaProxy() {
  proxy = startFlakyProxy({ url: node.rpcUrl, user: node.rpcUser, password: node.rpcPassword });
  return createRpcClient({ url: proxy.url, timeoutMs: 300 });
}

const opts = { tries: 5, retryDelayMs: 20, timeoutMs: 300, log };

describe("submitBlock", () => {
  test("answers without a verdict are retried until the node takes the block", async () => {
    const block = await unsubmittedBlock();
    const rpc = viaProxy();
    proxy.mode = "html500";
    const outcome = submitBlock(rpc, block.hex, opts);
    await proxy.waitRequests(2);
    proxy.mode = "hang";
    await proxy.waitRequests(3);
    proxy.mode = "pass";
    expect(await outcome).toEqual({ accepted: true, reason: null });
    expect(proxy.requests.length).toBe(4);
    expect(await node.rpc<string>("getbestblockhash")).toBe(block.hash);
    expect(lines.filter((l) => l.startsWith("error submitblock attempt"))).toHaveLength(3);
  }, 30_000);

  test("gives up after the configured tries, loudly", async () => {
    const block = await unsubmittedBlock();
    const rpc = viaProxy();
    proxy.mode = "html500";
    const outcome = await submitBlock(rpc, block.hex, opts);
    expect(outcome.accepted).toBe(false);
    expect(outcome.reason).toStartWith("no answer from node: http");
    expect(outcome.unanswered).toBe(true);
    expect(proxy.requests.length).toBe(5);
    expect(lines.at(-1)).toStartWith("error BLOCK NOT SUBMITTED after 5 attempts");
  }, 30_000);

  test("a reject reason is final: no retry", async () => {
    const block = await unsubmittedBlock();
    const rpc = viaProxy();
    // A coinbase-only block with its coinbase locktime changed: valid header, wrong merkle root.
    const end = block.hex.length - 1;
    const tampered = block.hex.slice(0, end) + (block.hex[end] === "0" ? "1" : "0");
    const outcome = await submitBlock(rpc, tampered, opts);
    expect(outcome).toEqual({ accepted: false, reason: "bad-txnmrklroot" });
    expect(proxy.requests.length).toBe(1);
    expect(lines).toContain("error BLOCK REJECTED by the node: bad-txnmrklroot");
  }, 30_000);

  test("malformed hex never reaches the node", async () => {
    const rpc = viaProxy();
    for (const hex of ["", "zz".repeat(100), "0".repeat(201), "00".repeat(10)]) {
      const outcome = await submitBlock(rpc, hex, opts);
      expect(outcome.accepted).toBe(false);
      expect(outcome.reason).toContain("block hex");
    }
    expect(proxy.requests.length).toBe(0);
    expect(checkBlockHex("00".repeat(81))).toBeNull();
  });

  test("BIP22 answers", () => {
    expect(interpretSubmitResult(null)).toEqual({ accepted: true, reason: null });
    expect(interpretSubmitResult("duplicate")).toEqual({ accepted: true, reason: "duplicate" });
    expect(interpretSubmitResult("inconclusive")).toEqual({ accepted: false, reason: "inconclusive" });
    expect(interpretSubmitResult("high-hash")).toEqual({ accepted: false, reason: "high-hash" });
    expect(interpretSubmitResult(42).accepted).toBe(false);
  });
});

describe("template stream extras", () => {
  test("refreshes the template on its timer with no new tip", async () => {
    const c = createNodeClient({
      rpc: { url: node.rpcUrl, user: node.rpcUser, password: node.rpcPassword },
      log,
      refreshIntervalMs: 200,
      pollIntervalMs: 60_000,
    });
    const first = nextTemplate(c);
    c.start();
    const a = await first;
    const b = await nextTemplate(c, () => true, 2_000);
    expect(b.source).toBe("refresh");
    expect(b.tipChanged).toBe(false);
    expect(b.receivedAt - a.receivedAt).toBeGreaterThanOrEqual(195);
    await c.stop();
  }, 30_000);

  test("on signet the stream asks for the signet rule and gets templates", async () => {
    const signet = await startBitcoind({ chain: "signet" });
    try {
      const c = createNodeClient({ rpc: { url: signet.rpcUrl, cookieFile: signet.cookieFile }, log });
      const first = nextTemplate(c);
      c.start();
      const u = await first;
      expect(u.template.rules).toContain("!signet");
      expect(u.template.bits).toBe("1e0377ae");
      expect(c.status()).toMatchObject({ state: "ready", chain: "signet", height: 0 });
      // Signet's minimum difficulty as bitcoind reports it.
      expect(c.status().difficulty).toBeCloseTo(0.001126515290698186, 12);
      const direct = await c.getBlockTemplate();
      expect(direct.ok).toBe(true);
      await c.stop();
    } finally {
      await signet.destroy();
    }
  }, NODE_TEST_TIMEOUT_MS);
});
