// Shapes shared by the node client's parts and its users.

export interface NodeLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/**
 * connecting: not served a template yet (or bitcoind is warming up);
 * ready: templates flow; down: no usable answer (transport, HTTP, garbage, unexpected RPC error);
 * syncing: the node answers but will not hand out work (initial block download, no peers).
 */
export type NodeState = "connecting" | "ready" | "down" | "syncing";

/**
 * Why the node gives no work, as data: the app turns it into words naming its own settings
 * (src/admin/node-explain.ts). Classified from the failure by stratum/node/problem.ts.
 */
export type NodeProblem =
  /** Nothing listens at the RPC URL (connection refused). */
  | { kind: "refused" }
  /** The RPC host name does not resolve. */
  | { kind: "unknown-host" }
  /** Another transport failure (reset, unreachable network, TLS, …); `errno` as the system said it. */
  | { kind: "unreachable"; errno?: string }
  | { kind: "timeout" }
  | { kind: "cookie-missing"; path: string }
  | { kind: "cookie-unreadable"; path: string; errno?: string }
  /** HTTP 401: the cookie or user/password was refused. */
  | { kind: "credentials" }
  /** HTTP 403: the node's rpcallowip does not let this machine in. */
  | { kind: "forbidden" }
  /** Something answers, but not as a Bitcoin node's JSON-RPC does (wrong port, a web server). */
  | { kind: "not-a-node"; status?: number }
  | { kind: "warming-up" }
  | { kind: "syncing" }
  /** The node runs another chain than the pool's network; `chain` and `expected` in bitcoind's naming. */
  | { kind: "wrong-chain"; chain: string; expected: string }
  /** Any other error the node answered. */
  | { kind: "rpc"; code?: number };

export interface NodeStatus {
  state: NodeState;
  lastError?: string;
  /** Set while not ready: what keeps the node from giving work. */
  problem?: NodeProblem;
  /** ms since epoch when `state` was entered. */
  since: number;
  chain?: string;
  /** Height of the node's tip. */
  height?: number;
  /** Network difficulty of the next block. */
  difficulty?: number;
}

/**
 * getblocktemplate's answer as the node sent it. Only the fields the stream itself relies on
 * are checked here; stratum/work parses the rest.
 */
export interface BlockTemplateJson {
  previousblockhash: string;
  height: number;
  bits: string;
  longpollid?: string;
  [field: string]: unknown;
}

export type TemplateSource = "initial" | "longpoll" | "poll" | "refresh" | "retry" | "submit";

export interface TemplateUpdate {
  template: BlockTemplateJson;
  /** The previous block differs from the last delivered template's (or this is the first). */
  tipChanged: boolean;
  source: TemplateSource;
  receivedAt: number;
}
