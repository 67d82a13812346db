// Every node problem an operator can meet, in the words the status page and /health/ready use.
import { describe, expect, test } from "bun:test";
import type { NodeProblem } from "../../stratum/index.ts";
import { explainNode, type NodeSettings } from "./node-explain.ts";

const cookieSetup: NodeSettings = { network: "signet", node: { url: "http://127.0.0.1:38332", cookieFile: "/home/op/.bitcoin/signet/.cookie" } };
const userSetup: NodeSettings = { network: "mainnet", node: { url: "http://node.lan:8332", user: "tbg" } };
const down = (problem: NodeProblem, lastError = "x") => ({ state: "down", lastError, problem });

describe("explainNode", () => {
  test("a ready node needs no explanation; a starting one says where it connects", () => {
    expect(explainNode({ state: "ready" }, cookieSetup)).toBeNull();
    expect(explainNode({ state: "connecting" }, cookieSetup)).toBe("Connecting to the Bitcoin node at http://127.0.0.1:38332…");
  });

  test("each problem names the setting that fixes it, never a bare system error code", () => {
    // lastError as the node client wrote it; only an unusual answer is quoted.
    const cases: [NodeProblem, NodeSettings, string[], string?][] = [
      [{ kind: "refused" }, userSetup, ["Nothing answers at http://node.lan:8332", "TBG_BITCOIN_RPC_URL", "server=1"]],
      [{ kind: "unknown-host" }, userSetup, ["(node.lan) cannot be found", "TBG_BITCOIN_RPC_URL"]],
      [{ kind: "unreachable", errno: "EHOSTUNREACH" }, userSetup, ["cannot be reached (EHOSTUNREACH)", "rpcallowip"]],
      [{ kind: "timeout" }, userSetup, ["does not answer in time"]],
      [{ kind: "cookie-missing", path: "/home/op/.bitcoin/signet/.cookie" }, cookieSetup, ["cookie file /home/op/.bitcoin/signet/.cookie does not exist", "TBG_BITCOIN_RPC_COOKIE", "<datadir>/signet/.cookie", "TBG_BITCOIN_RPC_USER"]],
      [{ kind: "cookie-unreadable", path: "/c", errno: "EACCES" }, cookieSetup, ["/c cannot be read (EACCES)", "TBG_BITCOIN_RPC_COOKIE"]],
      [{ kind: "credentials" }, userSetup, ['refused the user "tbg"', "TBG_BITCOIN_RPC_USER", "TBG_BITCOIN_RPC_PASSWORD"]],
      [{ kind: "credentials" }, cookieSetup, ["refused the cookie from /home/op/.bitcoin/signet/.cookie", "TBG_BITCOIN_RPC_COOKIE"]],
      [{ kind: "forbidden" }, userSetup, ["rpcallowip"]],
      [{ kind: "not-a-node", status: 404 }, cookieSetup, ["not as a Bitcoin node's RPC does (http: HTTP 404: Not Found)", "TBG_BITCOIN_RPC_URL", "signet RPC port of Bitcoin Core is 38332"], "http: HTTP 404: Not Found"],
      [{ kind: "warming-up" }, userSetup, ["is starting"]],
      [{ kind: "syncing" }, userSetup, ["still downloading the block chain"]],
      [{ kind: "wrong-chain", chain: "test", expected: "main" }, userSetup, ["runs testnet, but TBG_NETWORK is mainnet", "TBG_NETWORK=testnet"]],
    ];
    for (const [problem, setup, parts, lastError] of cases) {
      const text = explainNode(down(problem, lastError ?? "transport: ECONNREFUSED: Unable to connect"), setup)!;
      for (const p of parts) expect(text).toContain(p);
      expect(text).not.toContain("ECONNREFUSED");
    }
  });
});
