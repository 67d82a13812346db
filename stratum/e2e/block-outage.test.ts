// A block found while the node's RPC is unreachable is not lost: it is journaled before the
// first submission, logged whole, and submitted again until the node (here Bitcoin Knots in
// regtest behind a proxy that is cut for 30 s) takes it.
import { afterAll, afterEach, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NODE_TEST_TIMEOUT_MS, startBitcoind, type TestNode } from "../../test/bitcoind.ts";
import { until } from "../../test/until.ts";
import { readJournal } from "../blocks/journal.ts";
import type { BlockFoundEvent } from "../events.ts";
import type { Logger } from "../net/connection.ts";
import { startFlakyProxy, type FlakyProxy } from "../node/flaky-proxy.ts";
import { createPool, type Pool } from "../pool.ts";
import { REGTEST_ADDRESS as ADDR, findShare, notifyOf, poolOptions } from "./harness.ts";
import { connectLines } from "./line-client.ts";

let node: TestNode | undefined;
let proxy: FlakyProxy | undefined;
let pool: Pool | undefined;
let dir = "";
beforeAll(async () => {
  node = await startBitcoind();
}, NODE_TEST_TIMEOUT_MS);
afterEach(async () => {
  proxy?.restore();
  await pool?.stop();
  pool = undefined;
  proxy?.stop();
  proxy = undefined;
  rmSync(dir, { recursive: true, force: true });
  errors.length = 0;
});
afterAll(() => node?.destroy());

const errors: { msg: string; meta?: Record<string, unknown> }[] = [];
const log: Logger = { debug() {}, info() {}, warn() {}, error: (msg, meta) => void errors.push({ msg, meta }) };

/** A pool on the node behind a fresh proxy, and one authorized miner connection with its first job. */
async function poolWithMiner() {
  const n = node!;
  dir = mkdtempSync(join(tmpdir(), "tbg-journal-"));
  proxy = startFlakyProxy({ url: n.rpcUrl, user: n.rpcUser, password: n.rpcPassword });
  pool = createPool(poolOptions({ node: { url: proxy.url, user: "any", password: "any" }, blockJournalDir: dir, log }));
  const p = pool;
  const { port } = await p.start();
  await until("pool has work from the node", 20_000, () => (p.status().height !== undefined ? true : null));
  const c = await connectLines(port);
  c.send(`{"id":1,"method":"mining.subscribe","params":["cpuminer/2.5.1"]}\n{"id":2,"method":"mining.authorize","params":["${ADDR}.rig","d=0.00001"]}\n`);
  const en1 = (JSON.parse(await c.nextLine()) as { result: [unknown, string] }).result[1];
  let line = await c.nextLine();
  while (!line.includes("mining.notify")) line = await c.nextLine();
  const job = notifyOf(line);
  const found: BlockFoundEvent[] = [];
  p.events.on("block_found", (e) => void found.push(e));
  /** Submits a share that is a block (on regtest any 0.00001 share is one); resolves with the reply. */
  const submitBlockShare = async () => {
    const share = findShare(job, en1, 0.00001);
    c.send(`{"id":9,"method":"mining.submit","params":["${ADDR}.rig","${job.jobId}","${share.extranonce2}","${share.ntime}","${share.nonce}"]}\n`);
    let reply = await c.nextLine();
    while (!reply.startsWith(`{"id":9,`)) reply = await c.nextLine();
    return reply;
  };
  return { n, p, proxy: proxy!, c, found, submitBlockShare };
}

test(
  "node RPC cut for 30 s as a block is found: the block waits on disk and the node takes it once back",
  async () => {
    const { n, p, proxy, c, found, submitBlockShare } = await poolWithMiner();
    const tipBefore = await n.rpc<string>("getbestblockhash");

    // The node's RPC goes away (connection refused).
    proxy.cut();
    expect(await submitBlockShare()).toBe(`{"id":9,"result":true,"error":null}`);

    // On disk before the miner's reply, with everything needed to submit it by hand.
    const [saved, ...others] = readJournal(dir).candidates;
    expect(others).toHaveLength(0);
    expect(saved).toMatchObject({ state: "pending", address: ADDR, worker: "rig" });
    expect(errors.find((e) => e.msg.startsWith("BLOCK FOUND"))?.meta?.hex).toBe(saved!.hex);

    // 30 s of outage, the node itself watched throughout: it never hears of the block.
    const cutUntil = Date.now() + 30_000;
    while (Date.now() < cutUntil) {
      expect(await n.rpc<string>("getbestblockhash")).toBe(tipBefore);
      await Bun.sleep(1_000);
    }
    const waiting = readJournal(dir).candidates[0]!;
    expect(waiting.state).toBe("pending");
    expect(waiting.unanswered).toBeGreaterThan(0);
    expect(waiting.reason).toContain("ECONNREFUSED");
    expect(found).toHaveLength(0);

    proxy.restore();
    const restoredAt = performance.now();
    await until("the node has the block", 60_000, async () => ((await n.rpc<string>("getbestblockhash")) === saved!.hash ? true : null));
    console.info(`block accepted ${(performance.now() - restoredAt).toFixed(0)} ms after the RPC came back, after ${readJournal(dir).candidates[0]!.unanswered} unanswered submit rounds`);
    const header = await n.rpc<{ height: number; confirmations: number }>("getblockheader", [saved!.hash]);
    expect(header).toMatchObject({ height: saved!.height, confirmations: 1 });
    await until("the verdict is journaled", 10_000, () => (readJournal(dir).candidates[0]?.state === "accepted" ? true : null));
    await until("block_found told", 10_000, () => (found.length > 0 ? true : null));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ hash: saved!.hash, height: saved!.height, accepted: true, address: ADDR, worker: "rig" });
    expect(p.status().blocksFound).toBe(1);
    c.end();
  },
  120_000,
);

test(
  "a block the node never answers for is given up as stale once the tip is 7 blocks past it",
  async () => {
    const { n, p, proxy, c, found, submitBlockShare } = await poolWithMiner();
    // Templates flow, but submitblock only ever gets an HTML error page: never a verdict.
    proxy.failing.add("submitblock");
    expect(await submitBlockShare()).toBe(`{"id":9,"result":true,"error":null}`);
    await until("a submit round without verdict", 20_000, () => ((readJournal(dir).candidates[0]?.unanswered ?? 0) > 0 ? true : null));
    const saved = readJournal(dir).candidates[0]!;
    expect(saved.state).toBe("pending");

    // Six blocks past its height it is still submitted; the seventh makes it stale.
    await n.mine(saved.height + 6 - (await n.rpc<number>("getblockcount")));
    await until("the pool follows the tip", 20_000, () => (p.status().node.height === saved.height + 6 ? true : null));
    const rounds = readJournal(dir).candidates[0]!.unanswered;
    await until("another round at this tip", 60_000, () => (readJournal(dir).candidates[0]!.unanswered > rounds ? true : null));
    expect(readJournal(dir).candidates[0]!.state).toBe("pending");
    await n.mine(1);
    await until("stale in the journal", 60_000, () => (readJournal(dir).candidates[0]?.state === "stale" ? true : null));
    await until("block_found told", 10_000, () => (found.length > 0 ? true : null));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ hash: saved.hash, accepted: false });
    expect(found[0]!.reason).toStartWith("stale: the chain moved on to height");
    expect(p.status().blocksFound).toBe(0);
    c.end();
  },
  120_000,
);
