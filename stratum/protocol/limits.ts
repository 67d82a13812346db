// What one connection may ask of the pool before it is cut. The numbers are far past what a real
// miner does on a bad day and far below what costs the pool memory or the database rows: a
// device authorizes once per connection, keeps one worker name, and sends about
// TBG_SHARES_PER_MIN shares a minute of which a few percent are stale or low.

/** Longest worker name (the part after the first dot of the username). */
export const MAX_WORKER_NAME = 64;
/** mining.authorize requests one connection may send (a device sends one; a few re-tries pass). */
export const MAX_AUTHORIZE_PER_CONNECTION = 32;
/** Distinct address.worker names one connection may authorize. */
export const MAX_WORKERS_PER_CONNECTION = 8;
/** Distinct worker names one payout address may have at once across the pool (a big farm on one
 * address has hundreds; a forgotten worker frees its slot a day after its last share). */
export const MAX_WORKERS_PER_ADDRESS = 1_000;

/**
 * Reject flood (as ckpool drops a client whose rejects dominate): in a window of REJECT_WINDOW_MS,
 * once a connection has sent at least REJECT_MIN_SHARES shares and more than REJECT_MAX_FRACTION of
 * them were rejected, it is closed. A miner right after a new block sends a handful of stale
 * shares; a miner at its start difficulty sends a few dozen shares a minute, nearly all accepted.
 */
export const REJECT_WINDOW_MS = 60_000;
export const REJECT_MIN_SHARES = 100;
export const REJECT_MAX_FRACTION = 0.9;

/** Shares and rejects of one connection in the current window (a tumbling window: no allocation). */
export class RejectWindow {
  private start: number;
  private shares = 0;
  private rejects = 0;

  constructor(now: number) {
    this.start = now;
  }

  /** Counts a share; true when the connection should be cut. */
  add(rejected: boolean, now: number): boolean {
    if (now - this.start >= REJECT_WINDOW_MS) {
      this.start = now;
      this.shares = 0;
      this.rejects = 0;
    }
    this.shares++;
    if (rejected) this.rejects++;
    return this.shares >= REJECT_MIN_SHARES && this.rejects > this.shares * REJECT_MAX_FRACTION;
  }

  get counts(): { shares: number; rejects: number } {
    return { shares: this.shares, rejects: this.rejects };
  }
}
