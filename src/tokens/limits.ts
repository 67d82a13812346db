// Seed 000 §Rate Limiting for the token endpoints, per user, in memory (one process serves a
// user's requests; a restart forgetting a second of counts is harmless). Sliding windows.
export const TOKEN_LIMITS = {
  /** POST /api/v1/mining/tap: 10 per second. */
  tap: { max: 10, windowMs: 1_000 },
  /** POST /api/v1/wallet/stake: 5 per minute. */
  stake: { max: 5, windowMs: 60_000 },
} as const;

export type TokenLimit = keyof typeof TOKEN_LIMITS;

export class TokenLimiter {
  private hits = new Map<string, number[]>();
  private calls = 0;
  constructor(private readonly now: () => number) {}

  /** Seconds to wait, or 0 when this hit is allowed (and counted). */
  hit(kind: TokenLimit, userId: number): number {
    const { max, windowMs } = TOKEN_LIMITS[kind];
    const at = this.now();
    if (++this.calls % 4096 === 0) for (const [k, v] of this.hits) if (v[v.length - 1]! <= at - 60_000) this.hits.delete(k);
    const key = `${kind}:${userId}`;
    const list = (this.hits.get(key) ?? []).filter((t) => t > at - windowMs);
    if (list.length >= max) {
      this.hits.set(key, list);
      return Math.max(1, Math.ceil((list[0]! + windowMs - at) / 1000));
    }
    list.push(at);
    this.hits.set(key, list);
    return 0;
  }
}
