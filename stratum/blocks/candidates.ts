// Found blocks until the node has given its verdict. Each candidate is journaled (when the pool
// has a journal directory) before its first submitblock, logged whole at error level, and
// submitted again and again while the node gives no answer: at once when the node is back (a
// template arrives), otherwise on a capped backoff. It is given up only when the chain has
// moved more than a few blocks past its height. Pending candidates left by an earlier run are
// picked up at start.
import type { Logger } from "../net/connection.ts";
import type { NodeStatus, TemplateUpdate } from "../node/types.ts";
import type { SubmitOutcome } from "../node/submit.ts";
import { readJournal, writeCandidate, type BlockCandidate, type CandidateState } from "./journal.ts";

/** The part of the node the candidates need (the pool's PoolNode satisfies it). */
export interface CandidateNode {
  status(): NodeStatus;
  on(event: "template", listener: (update: TemplateUpdate) => void): () => void;
  submitBlock(hex: string, opts?: { tries?: number }): Promise<SubmitOutcome>;
}

export interface CandidatesOptions {
  node: CandidateNode;
  log: Logger;
  now: () => number;
  /** Where candidates are journaled; without one they live in memory only. */
  journalDir?: string;
  /** Called once per candidate with its verdict (accepted, rejected or stale). */
  onSettled: (c: BlockCandidate) => void;
  retryMinMs?: number;
  retryMaxMs?: number;
  /** The tip this many blocks past a candidate's height, and it is stale. */
  staleAfterBlocks?: number;
}

export type NewCandidate = Omit<BlockCandidate, "state" | "reason" | "updatedAt" | "unanswered">;

const DEFAULT_RETRY_MIN_MS = 1_000;
// Every second a found block waits after the node is back adds to its orphan risk, and the
// template stream may notice the return only after its own backoff (up to 10 s): so the block
// itself probes every 5 s, one quick attempt and one log line per round.
const DEFAULT_RETRY_MAX_MS = 5_000;
// Past this depth a block can no longer become part of the best chain in practice, and the
// node has been unreachable for the whole time the chain moved on.
const DEFAULT_STALE_AFTER_BLOCKS = 6;

export class BlockCandidates {
  private readonly live = new Map<string, { c: BlockCandidate; run: Promise<void> }>();
  private wakers = new Set<() => void>();
  private stopping = false;
  private unsubscribe: (() => void) | null = null;
  private readonly retryMin: number;
  private readonly retryMax: number;
  private readonly staleAfter: number;

  constructor(private readonly o: CandidatesOptions) {
    this.retryMin = o.retryMinMs ?? DEFAULT_RETRY_MIN_MS;
    this.retryMax = o.retryMaxMs ?? DEFAULT_RETRY_MAX_MS;
    this.staleAfter = o.staleAfterBlocks ?? DEFAULT_STALE_AFTER_BLOCKS;
  }

  /** Listens for the node coming back and resubmits what an earlier run left pending. */
  start(): void {
    this.stopping = false;
    // Any template means the node answers again: pending candidates go at once.
    this.unsubscribe ??= this.o.node.on("template", () => this.wake());
    if (this.o.journalDir === undefined) return;
    let listing;
    try {
      listing = readJournal(this.o.journalDir);
    } catch (err) {
      this.o.log.error("BLOCK JOURNAL unreadable: pending blocks of an earlier run are not resubmitted", { dir: this.o.journalDir, err: String(err) });
      return;
    }
    for (const bad of listing.unreadable) this.o.log.error("BLOCK JOURNAL file unreadable, left in place", { dir: this.o.journalDir, ...bad });
    for (const c of listing.candidates) {
      if (c.state !== "pending" || this.live.has(c.hash)) continue;
      this.o.log.error("BLOCK CANDIDATE from an earlier run still pending: submitting it again", { hash: c.hash, height: c.height, hex: c.hex });
      this.drive(c);
    }
  }

  /**
   * A share solved a block. Synchronous up to the first submitblock: the journal write (a small
   * fsync'd file) comes first, then the submission starts, and only then does the miner get its
   * reply.
   */
  found(n: NewCandidate): void {
    if (this.live.has(n.hash)) return;
    const c: BlockCandidate = { ...n, state: "pending", reason: null, updatedAt: n.foundAt, unanswered: 0 };
    const file = this.save(c);
    // The whole block in the log: whatever happens next, an operator can submit it by hand.
    this.o.log.error("BLOCK FOUND — submitting to node", { hash: c.hash, height: c.height, address: c.address, worker: c.worker, file: file ?? "none", hex: c.hex });
    this.drive(c);
  }

  /** Ends retrying after each candidate's current round; what is still pending stays in the journal. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.wake();
    await Promise.all([...this.live.values()].map((l) => l.run));
  }

  private drive(c: BlockCandidate): void {
    const run = this.submitUntilVerdict(c)
      .catch((err: unknown) => this.o.log.error("BLOCK CANDIDATE handling failed; it stays in the journal and the log", { hash: c.hash, err: String(err) }))
      .finally(() => this.live.delete(c.hash));
    this.live.set(c.hash, { c, run });
  }

  private async submitUntilVerdict(c: BlockCandidate): Promise<void> {
    let delay = this.retryMin;
    for (;;) {
      // The first round gets the node client's quick retries (a blip); later rounds are one try each.
      const out = await this.o.node
        .submitBlock(c.hex, c.unanswered === 0 ? undefined : { tries: 1 })
        .catch((err: unknown): SubmitOutcome => ({ accepted: false, reason: `submit failed: ${String(err)}`, unanswered: true }));
      if (!out.unanswered) return this.settle(c, out.accepted ? "accepted" : "rejected", out.reason);
      c.unanswered++;
      c.reason = out.reason;
      const tip = this.o.node.status().height;
      if (tip !== undefined && tip - c.height > this.staleAfter) {
        return this.settle(c, "stale", `the chain moved on to height ${tip} without a verdict on this block (${out.reason})`);
      }
      // The admin listing shows how long the node has been silent, and why.
      this.save(c);
      if (c.unanswered === 1) {
        this.o.log.error("BLOCK NOT SUBMITTED YET: no verdict from the node; kept pending and submitted again until it answers", { hash: c.hash, height: c.height, reason: out.reason });
      }
      if (!this.stopping) {
        await this.pause(delay);
        delay = Math.min(delay * 2, this.retryMax);
      }
      if (this.stopping) {
        const where = this.o.journalDir === undefined ? "no journal: submit the logged hex by hand" : "submitted again at the next start";
        this.o.log.error(`BLOCK STILL PENDING at stop (${where})`, { hash: c.hash, height: c.height });
        return;
      }
    }
  }

  private settle(c: BlockCandidate, state: Exclude<CandidateState, "pending">, reason: string | null): void {
    c.state = state;
    c.reason = reason;
    c.updatedAt = this.o.now();
    this.save(c);
    const fields = { hash: c.hash, height: c.height, reason, unanswered: c.unanswered };
    if (state === "accepted") this.o.log.warn("BLOCK ACCEPTED by node", fields);
    else if (state === "rejected") this.o.log.error("BLOCK REJECTED by node", fields);
    else this.o.log.error("BLOCK STALE: never answered while the chain moved past it", fields);
    this.o.onSettled({ ...c });
  }

  /** Writes the candidate's current state; a failed write is logged and never stops a submission. */
  private save(c: BlockCandidate): string | null {
    if (this.o.journalDir === undefined) return null;
    c.updatedAt = this.o.now();
    try {
      return writeCandidate(this.o.journalDir, c);
    } catch (err) {
      this.o.log.error("BLOCK JOURNAL write failed (the block is submitted regardless; its hex is in this log)", { hash: c.hash, err: String(err) });
      return null;
    }
  }

  private wake(): void {
    for (const w of [...this.wakers]) w();
  }

  /** Resolves after ms, when the node is back (a template), or at stop. */
  private pause(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakers.add(done);
    });
  }
}
