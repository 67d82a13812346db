// The node's problem in plain words for the operator: what is wrong and which setting fixes it.
// Used by the status page and /health/ready's node_error; pure, so every case is tested directly.
import type { NodeProblem } from "../../stratum/index.ts";
import { RPC_PORT, type Network } from "../config.ts";

export interface NodeView {
  state: string;
  lastError?: string;
  problem?: NodeProblem;
}

export interface NodeSettings {
  network: Network;
  node: { url: string; user?: string; cookieFile?: string };
}

/** The network TBG_NETWORK names for each of bitcoind's chain names. */
const NETWORK_OF_CHAIN: Record<string, Network> = { main: "mainnet", test: "testnet", testnet4: "testnet4", signet: "signet", regtest: "regtest" };
/** Where bitcoind keeps each network's files inside its data directory. */
const NODE_SUBDIR: Record<Network, string> = { mainnet: "", testnet: "testnet3/", testnet4: "testnet4/", signet: "signet/", regtest: "regtest/" };

const CREDENTIALS_HINT = "or set TBG_BITCOIN_RPC_USER and TBG_BITCOIN_RPC_PASSWORD to an rpcauth user of the node";

/** null when the node gives work; otherwise one or two sentences an operator can act on. */
export function explainNode(node: NodeView, s: NodeSettings): string | null {
  if (node.state === "ready") return null;
  const url = s.node.url;
  const p = node.problem;
  const detail = node.lastError ? ` (${node.lastError})` : "";
  if (p === undefined) return node.state === "connecting" ? `Connecting to the Bitcoin node at ${url}…` : (node.lastError ?? `The Bitcoin node at ${url} gives no work yet.`);
  switch (p.kind) {
    case "refused":
      return `Nothing answers at ${url}: start the Bitcoin node with its RPC server on (server=1), or set TBG_BITCOIN_RPC_URL to the address its RPC listens on.`;
    case "unknown-host":
      return `The host name in TBG_BITCOIN_RPC_URL (${hostOf(url)}) cannot be found: check TBG_BITCOIN_RPC_URL.`;
    case "unreachable":
      return `The Bitcoin node at ${url} cannot be reached${p.errno ? ` (${p.errno})` : ""}: check TBG_BITCOIN_RPC_URL, and that the node's rpcbind and rpcallowip let this machine in.`;
    case "timeout":
      return `The Bitcoin node at ${url} does not answer in time: check that it runs and is not overloaded, and that no firewall drops the connection to TBG_BITCOIN_RPC_URL.`;
    case "cookie-missing":
      return `The node's cookie file ${p.path} does not exist: the node is not running, or keeps its data elsewhere. Set TBG_BITCOIN_RPC_COOKIE to the .cookie file in the node's data directory (for ${s.network}: <datadir>/${NODE_SUBDIR[s.network]}.cookie), ${CREDENTIALS_HINT}.`;
    case "cookie-unreadable":
      return `The node's cookie file ${p.path} cannot be read${p.errno ? ` (${p.errno})` : ""}: run tbg as a user who may read it, point TBG_BITCOIN_RPC_COOKIE at a readable copy, ${CREDENTIALS_HINT}.`;
    case "credentials":
      if (s.node.user !== undefined) return `The node at ${url} refused the user "${s.node.user}" and its password: check TBG_BITCOIN_RPC_USER and TBG_BITCOIN_RPC_PASSWORD against rpcauth in the node's bitcoin.conf.`;
      return `The node at ${url} refused the cookie from ${s.node.cookieFile ?? "the cookie file"}: it belongs to another node or data directory. Set TBG_BITCOIN_RPC_COOKIE to this node's .cookie file, ${CREDENTIALS_HINT}.`;
    case "forbidden":
      return `The node at ${url} does not let this machine call it (HTTP 403): add this machine's address to rpcallowip (and rpcbind) in the node's bitcoin.conf.`;
    case "not-a-node":
      return `Something answers at ${url}, but not as a Bitcoin node's RPC does${detail}: check the port in TBG_BITCOIN_RPC_URL (the ${s.network} RPC port of Bitcoin Core is ${RPC_PORT[s.network]}).`;
    case "warming-up":
      return "The Bitcoin node is starting (loading its block index); work follows as soon as it is done.";
    case "syncing":
      return "The Bitcoin node is still downloading the block chain (or has no peers); work follows as soon as it has caught up.";
    case "wrong-chain": {
      const theirs = NETWORK_OF_CHAIN[p.chain] ?? p.chain;
      return `The Bitcoin node runs ${theirs}, but TBG_NETWORK is ${s.network}: no work is handed out until they match. Set TBG_NETWORK=${theirs}, or point TBG_BITCOIN_RPC_URL at a ${s.network} node.`;
    }
    case "rpc":
      return `The Bitcoin node answered with an error${detail}.`;
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}
