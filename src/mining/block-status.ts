// Confirmed or orphaned: the node is asked, block by block. The tips the pool sees cannot tell:
// in the usual lost race our block H is the node's tip until a rival's H+1 arrives, and the
// pool's next tip is H+1 on the other branch — no tip ever shows H with another hash. So on
// every new tip (and once a minute) each found block still in play is looked up with
// getblockheader, whose `confirmations` is -1 for a block off the best chain.
import type { RpcClient } from "../../stratum/index.ts";
import type { MiningReads } from "../db/mining-reads.ts";
import type { Logger } from "../log.ts";
import type { BlockStatusEvent } from "./event-log.ts";

/** Coinbase maturity: after this many confirmations a block's reward can be spent. */
export const CONFIRMED_AT = 100;
/** Orphaned blocks are still looked at this long: a reorg back can make them count again. */
const ORPHAN_WATCH_MS = 86_400_000;
/** Also checked on this period, in case a tip event was missed. */
export const CHECK_INTERVAL_MS = 60_000;
// bitcoind: RPC_INVALID_ADDRESS_OR_KEY, "Block not found".
const RPC_NOT_FOUND = -5;

/** Confirmations of a block by hash: -1 off the best chain, null when the node cannot say now. */
export type Confirmations = (hash: string) => Promise<number | null>;

/** `onUnknown` hears once per block of a node that does not know it. */
export function nodeConfirmations(rpc: RpcClient, onUnknown?: (hash: string) => void): Confirmations {
  const told = new Set<string>();
  return async (hash) => {
    const r = await rpc.call<{ confirmations: number }>("getblockheader", [hash, true], { timeoutMs: 10_000 });
    if (r.ok) return typeof r.result.confirmations === "number" ? r.result.confirmations : null;
    // Unreachable, or a node that never heard of the block (a fresh or reindexing one): no word
    // now, ask again on the next tip. Only "not found" is worth a note; outages log elsewhere.
    if (r.kind === "rpc" && r.code === RPC_NOT_FOUND && !told.has(hash)) {
      told.add(hash);
      onUnknown?.(hash);
    }
    return null;
  };
}

export interface BlockStatusOptions {
  queries: Pick<MiningReads, "blocksInPlay">;
  confirmations: Confirmations;
  record: (e: BlockStatusEvent) => void;
  log: Logger;
  now: () => number;
  /** Checks run only while this says yes (several instances: only on the leader). */
  active?: () => boolean;
}

export class BlockStatusTracker {
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly o: BlockStatusOptions) {}

  start(): void {
    this.timer ??= setInterval(() => void this.check(), CHECK_INTERVAL_MS);
    void this.check();
  }

  /**
   * Stops checking and waits (at most `waitMs`) for a check in flight, so the statuses it finds
   * still reach the last batch instead of arriving after the writer closed.
   */
  async stop(waitMs = 2000): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.stopped = true;
    const running = this.running;
    if (running === null) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([running, new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
    clearTimeout(timer);
  }

  /** Looks up every block in play; a call during a check makes one more check after it. */
  check(): Promise<void> {
    if (this.stopped || this.o.active?.() === false) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.checkOnce();
      } while (this.again && !this.stopped);
    })().finally(() => (this.running = null));
    return this.running;
  }

  private async checkOnce(): Promise<void> {
    const now = this.o.now();
    for (const b of await this.o.queries.blocksInPlay(now - ORPHAN_WATCH_MS)) {
      let c: number | null;
      try {
        c = await this.o.confirmations(b.hash);
      } catch (err) {
        this.o.log.warn("block status not checked", { hash: b.hash, error: err as Error });
        continue;
      }
      if (c === null) continue;
      const status = c < 0 ? "orphaned" : c >= CONFIRMED_AT ? "confirmed" : "accepted";
      const confirmations = Math.max(0, c);
      if (status === b.status && confirmations === b.confirmations) continue;
      if (status !== b.status) this.o.log.info(`block ${status}`, { height: b.height, hash: b.hash, confirmations });
      this.o.record({ hash: b.hash, status, confirmations, timestamp: now });
    }
  }
}
