// What a connected miner hears while the node is away: "waiting for the Bitcoin node…" once per
// outage (not once per retry), and work again when the node is back.
import { afterAll, expect, test } from "bun:test";
import { NODE_TEST_TIMEOUT_MS, startBitcoind, type TestNode } from "../../test/bitcoind.ts";
import { until } from "../../test/until.ts";
import { runMiner } from "../miner/miner.ts";
import { createNodeClient } from "../node/node.ts";
import { createPool, WAITING_FOR_NODE, type Pool } from "../pool.ts";
import { poolOptions, quietLog } from "./harness.ts";

let node: TestNode | undefined;
let pool: Pool | null = null;
afterAll(async () => {
  await pool?.stop();
  await node?.destroy();
});

test(
  "miners are told once per node outage and mine again when it is back",
  async () => {
    node = await startBitcoind({ chain: "regtest" });
    const n = node;
    const address = await n.getNewAddress("bech32");
    const client = createNodeClient({
      rpc: { url: n.rpcUrl, user: n.rpcUser, password: n.rpcPassword, timeoutMs: 5_000 },
      log: { info() {}, warn() {}, error() {} },
      backoffMaxMs: 500,
    });
    pool = createPool(poolOptions({ node: client, minDiff: 0.00001, log: quietLog }));
    const { port } = await pool.start();

    const said: string[] = [];
    let accepted = 0;
    const ctrl = new AbortController();
    const mining = runMiner({
      url: `stratum+tcp://127.0.0.1:${port}`,
      user: `${address}.cpu`,
      password: "d=0.00001",
      signal: ctrl.signal,
      onLog: (l) => said.push(l),
      onShare: (s) => void (s.accepted && accepted++),
    });
    const told = () => said.filter((l) => l === `pool says: ${WAITING_FOR_NODE}`).length;
    const sharesAfter = async (count: number, what: string) => {
      const from = accepted;
      await until(what, 30_000, () => (accepted >= from + count ? true : null));
    };

    await sharesAfter(3, "shares with the node up");
    expect(told()).toBe(0);

    for (const outage of [1, 2]) {
      await n.kill();
      await until(`message of outage ${outage}`, 10_000, () => (told() === outage ? true : null));
      // The node client retries every 500 ms meanwhile; the miner hears it once.
      await Bun.sleep(2_500);
      expect(told()).toBe(outage);
      await n.restart();
      await until(`node back after outage ${outage}`, 20_000, () => (pool!.status().node.state === "ready" ? true : null));
      await sharesAfter(3, `shares after outage ${outage}`);
    }
    ctrl.abort();
    await mining;
    expect(told()).toBe(2);
  },
  NODE_TEST_TIMEOUT_MS,
);
