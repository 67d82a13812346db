// Long polls against a real regtest node: the pool never holds more than one of the node's RPC
// threads with them, and a long poll lost on a dead connection is replaced.
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { NODE_TEST_TIMEOUT_MS, startBitcoind, type TestNode } from "../../test/bitcoind.ts";
import { startFlakyProxy, type FlakyProxy } from "./flaky-proxy.ts";
import { createNodeClient, type NodeClient, type NodeLog } from "./node.ts";
import { nextTemplate } from "./waiting.ts";
import { until } from "../../test/until.ts";

interface RpcInfo {
  active_commands: { method: string; duration: number }[];
}

let node: TestNode;
let client: NodeClient | null = null;
let proxy: FlakyProxy | null = null;
const lines: string[] = [];
const log: NodeLog = {
  info: (m) => lines.push(`info ${m}`),
  warn: (m) => lines.push(`warn ${m}`),
  error: (m) => lines.push(`error ${m}`),
};

beforeAll(async () => {
  // As many RPC threads as recent bitcoind has by default, so stacked long polls show in
  // getrpcinfo instead of starving it.
  node = await startBitcoind({ extraArgs: ["-rpcthreads=16"] });
}, NODE_TEST_TIMEOUT_MS);
afterEach(async () => {
  await client?.stop();
  client = null;
  proxy?.stop();
  proxy = null;
  lines.length = 0;
});
afterAll(() => node?.destroy());

const longpollsAtNode = async () =>
  (await node.rpc<RpcInfo>("getrpcinfo")).active_commands.filter((c) => c.method === "getblocktemplate").length;

describe("long polls", () => {
  test("a quiet node: one long poll outstanding at a time, however long nothing happens", async () => {
    // Short deadlines and refreshes: the old client reissued its long poll every
    // longpollTimeoutMs, and each abandoned call kept a node thread until the next block.
    client = createNodeClient({
      rpc: { url: node.rpcUrl, user: node.rpcUser, password: node.rpcPassword, timeoutMs: 5_000 },
      log,
      longpollTimeoutMs: 1_000,
      refreshIntervalMs: 2_000,
    });
    const first = nextTemplate(client);
    client.start();
    await first;
    const counts: number[] = [];
    const until = Date.now() + 15_000;
    while (Date.now() < until) {
      counts.push(await longpollsAtNode());
      await Bun.sleep(250);
    }
    console.info(`getblocktemplate calls active at the node over 15 s: max ${Math.max(...counts)}, samples ${counts.length}`);
    expect(Math.max(...counts)).toBe(1);
    // The long poll really is waiting at the node (the test would prove nothing otherwise).
    expect(counts.filter((n) => n === 1).length).toBeGreaterThan(counts.length / 2);
    expect(client.status().state).toBe("ready");
  }, 60_000);

  test("a long poll lost on a dead connection is replaced once a new tip shows it should have answered", async () => {
    proxy = startFlakyProxy({ url: node.rpcUrl, user: node.rpcUser, password: node.rpcPassword });
    proxy.mode = "hang-longpoll";
    client = createNodeClient({
      rpc: { url: proxy.url, timeoutMs: 5_000 },
      log,
      longpollTimeoutMs: 1_000,
    });
    const first = nextTemplate(client);
    client.start();
    await first;
    const p = proxy;
    const longpolls = () => p.requests.filter((r) => r.longpoll).length;
    // The first long poll is held by the "dead connection"; later ones get through.
    await until("the first long poll", 10_000, () => (longpolls() >= 1 ? true : null));
    proxy.mode = "pass";

    const byPoll = nextTemplate(client, (u) => u.tipChanged, 10_000);
    const [a] = await node.mine(1);
    const tipA = await byPoll;
    expect(tipA.template.previousblockhash).toBe(a!);
    expect(tipA.source).toBe("poll");

    // The replacement long poll reports the next tip.
    await until("a replacement long poll waiting at the node", 15_000, async () => (longpolls() >= 2 && (await longpollsAtNode()) === 1 ? true : null));
    expect(lines.filter((l) => l.includes("long poll unanswered"))).toHaveLength(1);
    const byLongpoll = nextTemplate(client, (u) => u.tipChanged, 10_000);
    const [b] = await node.mine(1);
    const tipB = await byLongpoll;
    expect(tipB.template.previousblockhash).toBe(b!);
    expect(tipB.source).toBe("longpoll");
  }, 60_000);
});
