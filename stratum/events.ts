// The pool's outward events: exactly the eight of seed 003 ("8 Event Types"). The app listens;
// the pool never waits for a listener and a listener's error never reaches the share path.

/** Every event says where it came from (seed 003: kept for a later decentralised source). */
export type EventSource = "hosted";

export interface ShareSubmittedEvent {
  source: EventSource;
  address: string;
  worker: string;
  userAgent: string;
  ip: string;
  sessionId: string;
  jobId: string;
  height: number | null;
  accepted: boolean;
  /** Difficulty the share was judged against (credited work when accepted). */
  targetDifficulty: number;
  /** Difficulty the share's hash achieved; 0 when it was rejected before hashing. */
  shareDifficulty: number;
  rejectCode: number | null;
  rejectReason: string | null;
  isBlock: boolean;
  timestamp: number;
}

/** share_submitted as its fields, without an object per share: how the pool thread batches
 * shares for the main thread (thread/share-rows.ts). Same fields as ShareSubmittedEvent. */
export type ShareFieldsSink = (
  address: string,
  worker: string,
  userAgent: string,
  ip: string,
  sessionId: string,
  jobId: string,
  height: number | null,
  accepted: boolean,
  targetDifficulty: number,
  shareDifficulty: number,
  rejectCode: number | null,
  rejectReason: string | null,
  isBlock: boolean,
  timestamp: number,
) => void;

export interface ShareBestDiffEvent {
  source: EventSource;
  address: string;
  worker: string;
  difficulty: number;
  previousBest: number;
  timestamp: number;
}

export interface BlockFoundEvent {
  source: EventSource;
  hash: string;
  height: number;
  address: string;
  worker: string;
  /** The node took the block (`submitblock` answered null or "duplicate"). */
  accepted: boolean;
  /** The node's reason when it did not accept, or the transport error. */
  reason: string | null;
  shareDifficulty: number;
  networkDifficulty: number;
  /** Coinbase value of the template in sats (whole reward incl. fees). */
  rewardSats: number;
  timestamp: number;
}

export interface MinerConnectedEvent {
  source: EventSource;
  address: string;
  worker: string;
  userAgent: string;
  ip: string;
  sessionId: string;
  timestamp: number;
}

export interface MinerDisconnectedEvent {
  source: EventSource;
  address: string;
  worker: string;
  userAgent: string;
  ip: string;
  sessionId: string;
  reason: string;
  connectedAt: number;
  sharesAccepted: number;
  sharesRejected: number;
  bestDifficulty: number;
  timestamp: number;
}

export interface DiffUpdatedEvent {
  source: EventSource;
  address: string;
  worker: string;
  sessionId: string;
  difficulty: number;
  previous: number;
  reason: "start" | "vardiff" | "suggested" | "password";
  timestamp: number;
}

export interface HashrateUpdateEvent {
  source: EventSource;
  address: string;
  worker: string;
  /** Hashes per second, exponentially decayed averages over the named spans. */
  hashrate1m: number;
  hashrate5m: number;
  hashrate1h: number;
  hashrate1d: number;
  sessions: number;
  timestamp: number;
}

export interface NewBlockNetworkEvent {
  source: EventSource;
  /** Height of the new chain tip (the next block to mine is height + 1). */
  height: number;
  hash: string;
  difficulty: number;
  timestamp: number;
}

export interface PoolEventMap {
  share_submitted: ShareSubmittedEvent;
  share_best_diff: ShareBestDiffEvent;
  block_found: BlockFoundEvent;
  miner_connected: MinerConnectedEvent;
  miner_disconnected: MinerDisconnectedEvent;
  diff_updated: DiffUpdatedEvent;
  hashrate_update: HashrateUpdateEvent;
  new_block_network: NewBlockNetworkEvent;
}

export type PoolEventName = keyof PoolEventMap;
export const POOL_EVENT_NAMES: readonly PoolEventName[] = [
  "share_submitted",
  "share_best_diff",
  "block_found",
  "miner_connected",
  "miner_disconnected",
  "diff_updated",
  "hashrate_update",
  "new_block_network",
];

type Listener<K extends PoolEventName> = (event: PoolEventMap[K]) => void;

export interface PoolEvents {
  /** Adds a listener; returns a function that removes it. */
  on<K extends PoolEventName>(name: K, fn: Listener<K>): () => void;
  off<K extends PoolEventName>(name: K, fn: Listener<K>): void;
  /** Listener calls that threw (or returned a rejected promise) since start. */
  readonly listenerErrors: number;
}

export interface PoolEmitter extends PoolEvents {
  emit<K extends PoolEventName>(name: K, event: PoolEventMap[K]): void;
  /** True when anyone listens; lets hot paths skip building an event nobody reads. */
  has(name: PoolEventName): boolean;
}

export function createEmitter(onListenerError?: (name: PoolEventName, err: unknown) => void): PoolEmitter {
  const listeners = new Map<PoolEventName, Listener<PoolEventName>[]>();
  let errors = 0;
  const fail = (name: PoolEventName, err: unknown) => {
    errors++;
    try {
      onListenerError?.(name, err);
    } catch {
      // The error reporter itself failed; the count above still records it.
    }
  };
  return {
    on(name, fn) {
      const list = listeners.get(name) ?? [];
      // Copy on write: emit iterates a snapshot even if a listener unsubscribes mid-emit.
      listeners.set(name, [...list, fn as Listener<PoolEventName>]);
      return () => this.off(name, fn);
    },
    off(name, fn) {
      const list = listeners.get(name);
      if (list === undefined) return;
      const next = list.filter((l) => l !== fn);
      if (next.length === 0) listeners.delete(name);
      else listeners.set(name, next);
    },
    get listenerErrors() {
      return errors;
    },
    has(name) {
      return listeners.has(name);
    },
    emit(name, event) {
      const list = listeners.get(name);
      if (list === undefined) return;
      for (const fn of list) {
        try {
          const r: unknown = fn(event);
          if (r instanceof Promise) r.catch((err: unknown) => fail(name, err));
        } catch (err) {
          fail(name, err);
        }
      }
    },
  };
}
