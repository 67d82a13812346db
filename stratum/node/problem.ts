// Sorts a node client failure into the few situations an operator can act on (NodeProblem).
import type { NetworkName } from "../bitcoin/network.ts";
import type { RpcFailure } from "./rpc.ts";
import type { NodeProblem } from "./types.ts";

/** bitcoind's name of each network, as getblockchaininfo's `chain` says it. */
export const NODE_CHAIN: Readonly<Record<NetworkName, string>> = {
  mainnet: "main",
  testnet: "test",
  testnet4: "testnet4",
  signet: "signet",
  regtest: "regtest",
};

// bitcoind RPC error codes (src/rpc/protocol.h).
const RPC_CLIENT_NOT_CONNECTED = -9;
const RPC_CLIENT_IN_INITIAL_DOWNLOAD = -10;
const RPC_IN_WARMUP = -28;

const REFUSED = new Set(["ECONNREFUSED", "ConnectionRefused"]);
const UNKNOWN_HOST = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_NONAME", "DNSException"]);

export function classifyFailure(f: RpcFailure): NodeProblem {
  if (f.cookieFile !== undefined) {
    return f.errno === "ENOENT" ? { kind: "cookie-missing", path: f.cookieFile } : { kind: "cookie-unreadable", path: f.cookieFile, ...(f.errno ? { errno: f.errno } : {}) };
  }
  switch (f.kind) {
    case "transport":
      if (f.errno !== undefined && REFUSED.has(f.errno)) return { kind: "refused" };
      if (f.errno !== undefined && UNKNOWN_HOST.has(f.errno)) return { kind: "unknown-host" };
      return { kind: "unreachable", ...(f.errno ? { errno: f.errno } : {}) };
    case "timeout":
      return { kind: "timeout" };
    case "http":
      if (f.status === 401) return { kind: "credentials" };
      if (f.status === 403) return { kind: "forbidden" };
      return { kind: "not-a-node", ...(f.status !== undefined ? { status: f.status } : {}) };
    case "parse":
      return { kind: "not-a-node", ...(f.status !== undefined ? { status: f.status } : {}) };
    case "rpc":
      if (f.code === RPC_IN_WARMUP) return { kind: "warming-up" };
      if (f.code === RPC_CLIENT_IN_INITIAL_DOWNLOAD || f.code === RPC_CLIENT_NOT_CONNECTED) return { kind: "syncing" };
      return { kind: "rpc", ...(f.code !== undefined ? { code: f.code } : {}) };
  }
}
