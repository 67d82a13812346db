// The whole product against a real node: Bitcoin Knots regtest → tbg (pool + mining data +
// web) → our CPU miner over TCP. What a miner sees on the pages and APIs afterwards is what
// the pool really did.
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runMiner } from "../stratum/index.ts";
import { NODE_TEST_TIMEOUT_MS, startBitcoind, type TestNode } from "../test/bitcoind.ts";
import { loadConfig } from "./config.ts";
import { silentLogger } from "./log.ts";
import { startServer, type Running } from "./server.ts";
import { until } from "../test/until.ts";
import { testDatabaseEnv } from "../test/storage.ts";

let node: TestNode | undefined;
let server: Running | undefined;
afterAll(async () => {
  await server?.stop();
  await node?.destroy();
});


test(
  "a CPU miner's shares and blocks show up in the miner's dashboard, the pool stats and ckpool's JSON",
  async () => {
    node = await startBitcoind({ chain: "regtest" });
    const dir = mkdtempSync(join(tmpdir(), "tbg-e2e-"));
    const cfg = loadConfig({
      TBG_DATA_DIR: dir,
      TBG_HTTP_HOST: "127.0.0.1",
      TBG_HTTP_PORT: "0",
      TBG_STRATUM_HOST: "127.0.0.1",
      TBG_STRATUM_PORT: "0",
      TBG_NETWORK: "regtest",
      TBG_BITCOIN_RPC_URL: node.rpcUrl,
      TBG_BITCOIN_RPC_USER: node.rpcUser,
      TBG_BITCOIN_RPC_PASSWORD: node.rpcPassword,
      TBG_MIN_DIFF: "0.00001",
      ...(await testDatabaseEnv("e2e")),
    });
    if (!cfg.ok) throw new Error(cfg.errors.join("\n"));
    server = await startServer(cfg.config, silentLogger);
    const web = `http://127.0.0.1:${server.httpPort}`;
    const address = await node.getNewAddress("bech32");

    await until("node ready", 20_000, async () => ((await fetch(`${web}/health/ready`)).status === 200 ? true : null));
    const ctrl = new AbortController();
    const mined = await runMiner({
      url: `stratum+tcp://127.0.0.1:${server.stratumPort}`,
      user: `${address}.rig1`,
      password: "d=0.00001",
      maxShares: 30,
      signal: ctrl.signal,
    });
    expect(mined.accepted).toBeGreaterThanOrEqual(30);
    const height = await node.rpc<number>("getblockcount");
    expect(height).toBeGreaterThan(0); // on regtest many of those shares are blocks

    // Batched writes land within a second.
    const workers = await until("worker stats", 10_000, async () => {
      const r = await fetch(`${web}/api/v1/mining/workers?address=${address}`);
      if (r.status !== 200) return null;
      const body = (await r.json()) as { data: { name: string; shares_accepted?: number; accepted?: number }[] };
      return body.data.length > 0 ? body.data : null;
    });
    expect(workers.map((w) => w.name)).toEqual(["rig1"]);

    // Every block of the chain came from this pool and is recorded as accepted (siblings found
    // at the same height from just-stale jobs are recorded too, with the node's answer).
    const chainHeight = await node.rpc<number>("getblockcount");
    const recorded = await until("blocks recorded", 10_000, async () => {
      const b = (await (await fetch(`${web}/api/v1/mining/blocks?limit=100`)).json()) as { data: { height: number; hash: string; status: string }[] };
      return b.data.filter((x) => x.status !== "rejected").length >= chainHeight ? b.data : null;
    });
    for (let h = 1; h <= chainHeight; h++) {
      const hash = await node.rpc<string>("getblockhash", [h]);
      expect(recorded.find((b) => b.hash === hash)).toMatchObject({ height: h, status: expect.stringMatching(/^(accepted|confirmed)$/) });
    }
    const ck = (await (await fetch(`${web}/users/${address}`)).json()) as { worker: { workername: string }[]; bestever: number; hashrate1m: string };
    expect(ck.worker.map((w) => w.workername)).toEqual([`${address}.rig1`]);
    // bestshare/shares restart at each block the pool finds (ckpool's meaning); bestever stays.
    expect(ck.bestever).toBeGreaterThan(0.00001);
    expect(ck.hashrate1m).toMatch(/^\d+(\.\d+)?[KMGTPE]?$/);

    const stats = (await (await fetch(`${web}/api/v1/public/stats`)).json()) as Record<string, unknown>;
    expect(JSON.stringify(stats)).toContain('"blocks"');

    const page = await (await fetch(`${web}/dashboard?address=${address}`)).text();
    expect(page).toContain("rig1");
    ctrl.abort();

    // Confirmed and orphaned are the node's word. The pool's block at the tip is taken out of
    // the best chain (as a rival branch winning the race would) and two blocks are built on its
    // parent: the pool never sees a tip at that height with another hash, yet the block must
    // become orphaned. A hundred more blocks then confirm the pool's earlier blocks.
    type Rec = { height: number; hash: string; status: string; confirmations: number };
    const blockList = async () => ((await (await fetch(`${web}/api/v1/mining/blocks?limit=100`)).json()) as { data: Rec[] }).data;
    const lost = await node.rpc<string>("getbestblockhash");
    await node.rpc("invalidateblock", [lost]);
    await node.mine(2);
    await until("orphaned", 20_000, async () => ((await blockList()).find((b) => b.hash === lost)?.status === "orphaned" ? true : null));
    const first = await node.rpc<string>("getblockhash", [1]);
    await node.mine(100);
    const tip = await node.rpc<number>("getblockcount");
    // Confirmed at 100 confirmations. A confirmed block leaves the set the pool watches, so its
    // count stays what it was when the pool saw it cross 100: how many depends on which tips the
    // pool happened to see while 100 blocks were mined, never more than the chain has.
    await until("confirmed", 20_000, async () => {
      const b = (await blockList()).find((x) => x.hash === first);
      return b?.status === "confirmed" && b.confirmations >= 100 && b.confirmations <= tip ? b : null;
    });
    expect((await blockList()).find((b) => b.hash === lost)).toMatchObject({ status: "orphaned", confirmations: 0 });
  },
  NODE_TEST_TIMEOUT_MS,
);
