// extranonce1 allocation: 4 bytes, unique among live sessions, kept reserved for a while after a
// disconnect so a miner that reconnects with its session id (subscribe params[1]) resumes it.

export const EXTRANONCE1_SIZE = 4;
export const EXTRANONCE2_SIZE = 8;
const SPACE = 2 ** 32;

export class ExtranonceAllocator {
  private next: number;
  private readonly live = new Set<number>();
  /** extranonce1 → time its reservation ends. */
  private readonly reserved = new Map<number, number>();

  /** `start` makes allocation deterministic (tests); otherwise a random start spreads restarts. */
  constructor(
    private readonly reserveMs: number,
    start?: number,
  ) {
    this.next = (start ?? Math.floor(Math.random() * SPACE)) >>> 0;
  }

  /** A fresh extranonce1, or the resumed one when `resume` names a reserved, not-live session. */
  allocate(now: number, resume?: string): number {
    if (resume !== undefined && /^[0-9a-fA-F]{8}$/.test(resume)) {
      const want = Number.parseInt(resume, 16) >>> 0;
      const until = this.reserved.get(want);
      if (until !== undefined && until >= now && !this.live.has(want)) {
        this.reserved.delete(want);
        this.live.add(want);
        return want;
      }
    }
    for (let tries = 0; tries < SPACE; tries++) {
      const v = this.next;
      this.next = (this.next + 1) >>> 0;
      if (this.live.has(v)) continue;
      const until = this.reserved.get(v);
      if (until !== undefined) {
        if (until >= now) continue;
        this.reserved.delete(v);
      }
      this.live.add(v);
      return v;
    }
    throw new Error("extranonce1 space exhausted");
  }

  /** The session ended: keep its extranonce1 for resumption until now + reserveMs. */
  release(value: number, now: number): void {
    if (!this.live.delete(value)) return;
    if (this.reserveMs > 0) this.reserved.set(value, now + this.reserveMs);
  }

  /** Drops expired reservations (called from the pool's sweep). */
  sweep(now: number): void {
    for (const [v, until] of this.reserved) if (until < now) this.reserved.delete(v);
  }

  get liveCount(): number {
    return this.live.size;
  }
}

export function extranonce1Hex(v: number): string {
  return v.toString(16).padStart(8, "0");
}
