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

export interface NodeStatus {
  state: NodeState;
  lastError?: string;
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
