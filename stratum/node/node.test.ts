// The node client against a real regtest bitcoind.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { NODE_TEST_TIMEOUT_MS, startBitcoind, type TestNode } from "../../test/bitcoind.ts";
import { createNodeClient, type NodeClient, type NodeLog } from "./node.ts";
import { nextTemplate, statusWhen } from "./waiting.ts";

const rejections: unknown[] = [];
const onRejection = (e: unknown) => rejections.push(e);
process.on("unhandledRejection", onRejection);

function recordingLog(): NodeLog & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => lines.push(`info ${m}`),
    warn: (m) => lines.push(`warn ${m}`),
    error: (m) => lines.push(`error ${m}`),
  };
}

let node: TestNode;
const clients: NodeClient[] = [];
beforeAll(async () => {
  node = await startBitcoind();
}, NODE_TEST_TIMEOUT_MS);
afterAll(async () => {
  await Promise.all(clients.map((c) => c.stop()));
  await node?.destroy();
  process.off("unhandledRejection", onRejection);
  expect(rejections).toEqual([]);
});

function client(opts: { longpoll?: boolean; pollIntervalMs?: number; log?: NodeLog } = {}): NodeClient {
  const c = createNodeClient({
    rpc: { url: node.rpcUrl, cookieFile: node.cookieFile, timeoutMs: 5_000 },
    log: opts.log ?? recordingLog(),
    longpoll: opts.longpoll,
    pollIntervalMs: opts.pollIntervalMs,
    backoffMinMs: 100,
    backoffMaxMs: 500,
  });
  clients.push(c);
  return c;
}

/** Mines one block and returns how long after generatetoaddress returned the new tip arrived. */
async function newTipLatency(c: NodeClient): Promise<{ ms: number; source: string }> {
  const address = await node.getNewAddress();
  let arrivedAt = 0;
  let minedHash = "";
  const arrived = nextTemplate(c, (u) => u.tipChanged, 5_000).then((u) => {
    arrivedAt = performance.now();
    return u;
  });
  const [hash] = await node.mine(1, address);
  const minedAt = performance.now();
  minedHash = hash!;
  const update = await arrived;
  expect(update.template.previousblockhash).toBe(minedHash);
  return { ms: Math.max(0, arrivedAt - minedAt), source: update.source };
}

describe("node client on regtest", () => {
  test("first template arrives with status ready", async () => {
    const log = recordingLog();
    const c = client({ log });
    const first = nextTemplate(c);
    c.start();
    const u = await first;
    const info = await node.rpc<{ blocks: number; bestblockhash: string }>("getblockchaininfo");
    expect(u.source).toBe("initial");
    expect(u.tipChanged).toBe(true);
    expect(u.template.previousblockhash).toBe(info.bestblockhash);
    expect(u.template.height).toBe(info.blocks + 1);
    expect(u.template.rules).toContain("!segwit");
    const s = c.status();
    expect(s).toMatchObject({ state: "ready", chain: "regtest", height: info.blocks });
    // regtest's powLimit 0x207fffff in difficulty units.
    expect(s.difficulty).toBeCloseTo(4.656542373906925e-10, 20);
    expect(log.lines.filter((l) => l.includes("node ready"))).toHaveLength(1);
    await c.stop();
  }, 30_000);

  test("a new tip arrives within 1 s by long poll", async () => {
    // Polling slowed to a minute, so only the long poll can be this fast.
    const c = client({ pollIntervalMs: 60_000 });
    const first = nextTemplate(c);
    c.start();
    await first;
    const latencies: number[] = [];
    for (let i = 0; i < 3; i++) {
      const { ms, source } = await newTipLatency(c);
      expect(source).toBe("longpoll");
      latencies.push(ms);
    }
    console.info(`new tip by long poll: ${latencies.map((ms) => ms.toFixed(0)).join(", ")} ms after generatetoaddress`);
    for (const ms of latencies) expect(ms).toBeLessThan(1000);
    await c.stop();
  }, 30_000);

  test("a new tip arrives within 1 s by polling when long poll is off", async () => {
    const c = client({ longpoll: false });
    const first = nextTemplate(c);
    c.start();
    await first;
    const latencies: number[] = [];
    for (let i = 0; i < 3; i++) {
      const { ms, source } = await newTipLatency(c);
      expect(source).toBe("poll");
      latencies.push(ms);
    }
    console.info(`new tip by polling: ${latencies.map((ms) => ms.toFixed(0)).join(", ")} ms after generatetoaddress`);
    for (const ms of latencies) expect(ms).toBeLessThan(1000);
    await c.stop();
  }, 30_000);

  test("stop() ends an in-flight long poll promptly", async () => {
    const c = client();
    const first = nextTemplate(c);
    c.start();
    await first;
    const started = performance.now();
    await c.stop();
    expect(performance.now() - started).toBeLessThan(250);
  }, 30_000);

  test("node goes away: status down, no throw; node back: templates flow again", async () => {
    const log = recordingLog();
    const c = client({ log });
    const first = nextTemplate(c);
    c.start();
    const before = await first;

    await node.stop();
    const down = await statusWhen(c, (s) => s.state === "down", 5_000);
    expect(down.lastError).toStartWith("transport");
    expect(log.lines.filter((l) => l.startsWith("warn node down"))).toHaveLength(1);

    // Listen before the restart: on a busy machine the client can fetch its template while
    // restart() is still waiting for the node to answer.
    const backSoon = nextTemplate(c, () => true, 60_000);
    await node.restart();
    const back = await backSoon;
    expect(c.status().state).toBe("ready");
    // Same chain, same tip: the pool keeps its jobs.
    expect(back.tipChanged).toBe(false);
    expect(back.template.previousblockhash).toBe(before.template.previousblockhash);
    // Down was logged once however many retries it took.
    expect(log.lines.filter((l) => l.startsWith("warn node down"))).toHaveLength(1);

    const { ms } = await newTipLatency(c);
    expect(ms).toBeLessThan(1000);
    await c.stop();
  }, 90_000);

  test("node killed: unflushed blocks vanish and the client follows the older tip", async () => {
    const c = client();
    const first = nextTemplate(c);
    c.start();
    await first;
    await newTipLatency(c);
    const before = c.latest()!;

    await node.kill();
    await statusWhen(c, (s) => s.state === "down", 5_000);
    const backSoon = nextTemplate(c, () => true, 60_000);
    await node.restart();
    const back = await backSoon;
    const tip = await node.rpc<string>("getbestblockhash");
    expect(back.template.previousblockhash).toBe(tip);
    // bitcoind killed without a flush may come back on an older tip; the pool must be told.
    expect(back.tipChanged).toBe(tip !== before.template.previousblockhash);
    await c.stop();
  }, 90_000);

  test("submitBlock: a fresh block is accepted, the same again is a duplicate, garbage is rejected", async () => {
    const c = client();
    const address = await node.getNewAddress();
    // generateblock with submit=false builds a valid block without adding it to the chain.
    const built = await node.rpc<{ hash: string; hex: string }>("generateblock", [address, [], false]);
    const tipBefore = await node.rpc<string>("getbestblockhash");
    expect(tipBefore).not.toBe(built.hash);

    expect(await c.submitBlock(built.hex)).toEqual({ accepted: true, reason: null });
    expect(await node.rpc<string>("getbestblockhash")).toBe(built.hash);
    expect(await c.submitBlock(built.hex)).toEqual({ accepted: true, reason: "duplicate" });

    // A second unsubmitted block with its coinbase locktime (the last byte of a coinbase-only
    // block) changed: the header still meets its target but no longer commits to the transaction.
    const other = await node.rpc<{ hex: string }>("generateblock", [address, [], false]);
    const end = other.hex.length - 1;
    const tampered = other.hex.slice(0, end) + (other.hex[end] === "0" ? "1" : "0");
    const bad = await c.submitBlock(tampered);
    expect(bad.accepted).toBe(false);
    expect(bad.reason).toBe("bad-txnmrklroot");

    // A header claiming five transactions and carrying none.
    const undecodable = await c.submitBlock(`${"00".repeat(80)}05${"00".repeat(4)}`);
    expect(undecodable.accepted).toBe(false);
    expect(undecodable.reason).toContain("decode");
  }, 30_000);
});
