// End to end against a real Bitcoin Knots regtest node: bitcoind → pool → our CPU miner over TCP.
import { afterAll, describe, expect, test } from "bun:test";
import { startBitcoind, type TestNode } from "../../test/bitcoind.ts";
import { createNodeClient } from "../node/node.ts";
import type { BlockFoundEvent } from "../events.ts";
import type { Pool } from "../pool.ts";
import { createPool } from "../pool.ts";
import { runMiner, type MinerResult } from "../miner/miner.ts";
import { poolOptions, quietLog } from "./harness.ts";
import { until } from "../../test/until.ts";

interface RpcBlock {
  height: number;
  tx: { txid: string; vin: { coinbase?: string }[]; vout: { value: number; scriptPubKey: { address?: string; type: string } }[] }[];
}


describe("pool against a real regtest node", () => {
  let node: TestNode;
  let pool: Pool | null = null;
  afterAll(async () => {
    await pool?.stop();
    await node?.destroy();
  });

  test("CPU miner finds blocks the node accepts: BIP34 heights 1–16, payout, template txs, node outage", async () => {
    node = await startBitcoind({ chain: "regtest" });
    const address = await node.getNewAddress("bech32");
    const client = createNodeClient({
      rpc: { url: node.rpcUrl, user: node.rpcUser, password: node.rpcPassword, timeoutMs: 5_000 },
      log: { info() {}, warn() {}, error() {} },
      // Fresh mempool transactions reach miners within a second (the default is 30 s).
      refreshIntervalMs: 1_000,
      backoffMaxMs: 500,
    });
    pool = createPool(poolOptions({ node: client, minDiff: 0.00001, log: quietLog }));
    const { port } = await pool.start();
    const blocks: BlockFoundEvent[] = [];
    pool.events.on("block_found", (e) => void blocks.push(e));

    const height = () => node.rpc<number>("getblockcount");
    const mine = (signal: AbortSignal): Promise<MinerResult> =>
      runMiner({ url: `stratum+tcp://127.0.0.1:${port}`, user: `${address}.cpu`, password: "d=0.00001", signal });

    // 1) A fresh chain: heights 1..17 come from our pool, so BIP34's OP_1..OP_16 forms are hit.
    let ctrl = new AbortController();
    let run = mine(ctrl.signal);
    await until("height 17", 60_000, async () => ((await height()) >= 17 ? true : null));
    ctrl.abort();
    expect((await run).reason).toBe("aborted");
    for (let h = 1; h <= 17; h++) {
      const hash = await node.rpc<string>("getblockhash", [h]);
      const block = await node.rpc<RpcBlock>("getblock", [hash, 2]);
      const cb = block.tx[0]!;
      const scriptSig = cb.vin[0]!.coinbase!;
      const expectedPush = h <= 16 ? (0x50 + h).toString(16) : "0111";
      expect(scriptSig.slice(0, expectedPush.length)).toBe(expectedPush);
      const payout = cb.vout.filter((o) => o.value > 0);
      expect(payout).toHaveLength(1);
      expect(payout[0]!.scriptPubKey.address).toBe(address);
      expect(payout[0]!.value).toBe(50);
    }
    const accepted = blocks.filter((b) => b.accepted);
    expect(accepted.length).toBeGreaterThanOrEqual(17);
    expect(accepted[0]).toMatchObject({ height: 1, address, worker: "cpu", accepted: true, source: "hosted" });
    expect(pool.status().blocksFound).toBeGreaterThanOrEqual(17);

    // 2) Mature coins, put wallet transactions in the mempool: the next pool block carries them.
    await node.mine(101);
    const txids: string[] = [];
    for (let i = 0; i < 3; i++) txids.push(await node.rpc<string>("sendtoaddress", [await node.getNewAddress(), 1 + i]));
    // The miner may have found an 18th block before it stopped: take the tip as it is now, and
    // wait for a template fetched after the transactions entered the mempool.
    const sentAt = Date.now();
    const tip = await height();
    await until("template with the mempool txs", 10_000, () => {
      const st = pool!.status();
      return st.height === tip + 1 && (st.lastTemplateAt ?? 0) > sentAt ? true : null;
    });
    const before = await height();
    ctrl = new AbortController();
    run = mine(ctrl.signal);
    const withTxs = await until("a pool block holding the wallet txs", 30_000, async () => {
      const h = await height();
      for (let k = before + 1; k <= h; k++) {
        const b = await node.rpc<RpcBlock>("getblock", [await node.rpc<string>("getblockhash", [k]), 2]);
        if (txids.every((id) => b.tx.some((t) => t.txid === id))) return b;
      }
      return null;
    });
    expect(withTxs.tx[0]!.vout.find((o) => o.value > 50)?.scriptPubKey.address).toBe(address);

    // 3) The node goes away while the miner keeps mining: pool and miner connection survive.
    await node.stop();
    await until("node down", 10_000, () => (pool!.status().node.state === "down" ? true : null));
    const downAt = pool.status().sessions;
    expect(downAt).toBe(1);
    await node.restart();
    const restartedAt = await height();
    await until("blocks after restart", 30_000, async () => ((await height()) >= restartedAt + 2 ? true : null));
    expect(pool.status().sessions).toBe(1);
    ctrl.abort();
    const result = await run;
    expect(result.reason).toBe("aborted");
    expect(result.accepted).toBeGreaterThan(0);
  }, 180_000);
});
