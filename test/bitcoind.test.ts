import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { NODE_TEST_TIMEOUT_MS, startBitcoind, type TestNode } from "./bitcoind.ts";

interface ChainInfo {
  chain: string;
  blocks: number;
  bestblockhash: string;
}

describe("regtest node", () => {
  let node: TestNode;
  afterAll(() => node?.destroy());

  test("starts, answers, mines and restarts on the same datadir and port", async () => {
    node = await startBitcoind();
    const info = await node.rpc<ChainInfo>("getblockchaininfo");
    expect(info.chain).toBe("regtest");
    expect(info.blocks).toBe(0);

    const address = await node.getNewAddress();
    expect(address).toStartWith("bcrt1q");
    const hashes = await node.mine(2, address);
    expect(hashes).toHaveLength(2);
    const after = await node.rpc<ChainInfo>("getblockchaininfo");
    expect(after.blocks).toBe(2);
    expect(after.bestblockhash).toBe(hashes[1]!);

    const cookieBefore = readFileSync(node.cookieFile, "utf8");
    expect(cookieBefore).toStartWith("__cookie__:");

    await node.stop();
    expect(node.isRunning()).toBe(false);
    await expect(node.rpc("getblockchaininfo")).rejects.toThrow();
    // bitcoind deletes its cookie on a clean shutdown and writes a new one at start.
    expect(existsSync(node.cookieFile)).toBe(false);

    await node.restart();
    const again = await node.rpc<ChainInfo>("getblockchaininfo");
    expect(again.blocks).toBe(2);
    expect(again.bestblockhash).toBe(hashes[1]!);
    expect(readFileSync(node.cookieFile, "utf8")).not.toBe(cookieBefore);
    // The wallet was created with load_on_startup, so its coinbase outputs are still there.
    const balances = await node.rpc<{ mine: { immature: number } }>("getbalances");
    expect(balances.mine.immature).toBe(100);
  }, NODE_TEST_TIMEOUT_MS);

  test("survives a kill and comes back", async () => {
    await node.kill();
    expect(node.isRunning()).toBe(false);
    await node.restart();
    const info = await node.rpc<ChainInfo>("getblockchaininfo");
    expect(info.blocks).toBe(2);
  }, NODE_TEST_TIMEOUT_MS);
});

describe("custom signet node (challenge OP_TRUE)", () => {
  let node: TestNode;
  afterAll(() => node?.destroy());

  test("serves a template with the signet rule and mines a real-difficulty block", async () => {
    node = await startBitcoind({ chain: "signet" });
    const info = await node.rpc<ChainInfo>("getblockchaininfo");
    expect(info.chain).toBe("signet");
    const gbt = await node.rpc<{ height: number; bits: string; rules: string[] }>("getblocktemplate", [
      { rules: ["segwit", "signet"] },
    ]);
    expect(gbt.height).toBe(1);
    // "!" marks a rule the client must understand: without "signet" in the request this errors.
    expect(gbt.rules).toContain("!signet");
    // The signet proof-of-work limit, far above regtest's "any hash" target.
    expect(gbt.bits).toBe("1e0377ae");
    const hashes = await node.mine(1);
    expect(hashes).toHaveLength(1);
    const header = await node.rpc<{ height: number; bits: string }>("getblockheader", [hashes[0]]);
    expect(header.height).toBe(1);
    expect(header.bits).toBe("1e0377ae");
  }, NODE_TEST_TIMEOUT_MS);
});
