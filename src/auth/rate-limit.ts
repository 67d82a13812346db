// Sliding-window rate limits per endpoint group, per user and per IP (seed 003 §10 "Rate Limits"),
// in memory: one process serves everything, and a restart forgetting a minute of counts is fine.
// The clock is injected so tests move time instead of waiting.

/** Seed 003 §10 "Rate Limits" (per minute unless the window says otherwise). Telegram from seed 000. */
export const RATE_LIMITS = {
  auth: { perUser: 5, perIp: 20, windowMs: 60_000 },
  refresh: { perUser: 10, perIp: 30, windowMs: 60_000 },
  mining: { perUser: 60, perIp: 120, windowMs: 60_000 },
  gamification: { perUser: 30, perIp: 60, windowMs: 60_000 },
  leaderboard: { perUser: 20, perIp: 60, windowMs: 60_000 },
  websocket: { perUser: 5, perIp: 10, windowMs: 60_000 },
  apiKeys: { perUser: 10, perIp: 20, windowMs: 60_000 },
  register: { perUser: 3, perIp: 10, windowMs: 60_000 },
  login: { perUser: 5, perIp: 20, windowMs: 60_000 },
  forgotPassword: { perUser: 3, perIp: 5, windowMs: 60_000 },
  /** Guessing the current password with a stolen session: as slow as sign-in. */
  changePassword: { perUser: 5, perIp: 20, windowMs: 60_000 },
  /** "Email sending: 5/hour per address" — keyed by the address, passed as the user key. */
  email: { perUser: 5, perIp: undefined, windowMs: 3_600_000 },
  admin: { perUser: 30, perIp: undefined, windowMs: 60_000 },
  /**
   * The admin pages: a person clicking through them, with the Logs page refreshing every 5 s,
   * would spend the API's 30 in a minute (and be sent to sign in again).
   */
  adminPages: { perUser: 120, perIp: undefined, windowMs: 60_000 },
  /** Seed 000: POST /auth/telegram 10 per minute. */
  telegram: { perUser: 10, perIp: 10, windowMs: 60_000 },
} as const satisfies Record<string, { perUser?: number; perIp?: number; windowMs: number }>;

export type RateGroup = keyof typeof RATE_LIMITS;

export type RateDecision = { ok: true } | { ok: false; retryAfterS: number; scope: "user" | "ip" };

/** Keeps hit times per key; a key is dropped once all its hits are outside the window. */
export class RateLimiter {
  private hits = new Map<string, number[]>();
  private checks = 0;

  constructor(private readonly now: () => number) {}

  /**
   * Counts one hit for the group against the user key and the IP key, if both allow it.
   * A refused request does not count, so a client that waits Retry-After gets through.
   */
  hit(group: RateGroup, keys: { user?: string | number; ip?: string }): RateDecision {
    const limit = RATE_LIMITS[group] as { perUser?: number; perIp?: number; windowMs: number };
    const at = this.now();
    if (++this.checks % 1024 === 0) this.sweep(at);
    const targets: { key: string; max: number; scope: "user" | "ip" }[] = [];
    if (keys.user !== undefined && limit.perUser) targets.push({ key: `${group}|u|${keys.user}`, max: limit.perUser, scope: "user" });
    if (keys.ip !== undefined && limit.perIp) targets.push({ key: `${group}|i|${keys.ip}`, max: limit.perIp, scope: "ip" });
    for (const t of targets) {
      const list = this.window(t.key, at, limit.windowMs);
      if (list.length >= t.max) return { ok: false, retryAfterS: Math.max(1, Math.ceil((list[0]! + limit.windowMs - at) / 1000)), scope: t.scope };
    }
    for (const t of targets) {
      const list = this.hits.get(t.key);
      if (list) list.push(at);
      else this.hits.set(t.key, [at]);
    }
    return { ok: true };
  }

  private window(key: string, at: number, windowMs: number): number[] {
    const list = this.hits.get(key);
    if (!list) return [];
    let drop = 0;
    while (drop < list.length && list[drop]! <= at - windowMs) drop++;
    if (drop) list.splice(0, drop);
    return list;
  }

  /** Bounds memory: keys whose newest hit is older than the longest window go. */
  private sweep(at: number): void {
    const longest = Math.max(...Object.values(RATE_LIMITS).map((l) => l.windowMs));
    for (const [key, list] of this.hits) if (!list.length || list[list.length - 1]! <= at - longest) this.hits.delete(key);
  }

  get size(): number {
    return this.hits.size;
  }
}

/**
 * Exponential backoff after failed authentication from one IP (seed 003 §10 "Brute force"):
 * the first FREE failures cost nothing, then each one doubles the wait, capped at a minute.
 * A success clears the count.
 */
export class AuthBackoff {
  static readonly FREE = 3;
  static readonly BASE_MS = 1000;
  static readonly MAX_MS = 60_000;
  /** Failures older than this are forgotten. */
  static readonly MEMORY_MS = 15 * 60_000;
  private state = new Map<string, { failures: number; until: number; last: number }>();

  constructor(private readonly now: () => number) {}

  /** Seconds to wait before the next attempt is accepted, or 0. */
  waitS(key: string): number {
    const s = this.state.get(key);
    if (!s) return 0;
    const at = this.now();
    if (at - s.last > AuthBackoff.MEMORY_MS) {
      this.state.delete(key);
      return 0;
    }
    return s.until > at ? Math.ceil((s.until - at) / 1000) : 0;
  }

  failure(key: string): void {
    const at = this.now();
    const prev = this.state.get(key);
    const failures = prev && at - prev.last <= AuthBackoff.MEMORY_MS ? prev.failures + 1 : 1;
    const over = failures - AuthBackoff.FREE;
    const delay = over > 0 ? Math.min(AuthBackoff.MAX_MS, AuthBackoff.BASE_MS * 2 ** (over - 1)) : 0;
    this.state.set(key, { failures, until: at + delay, last: at });
    if (this.state.size > 100_000) for (const [k, v] of this.state) if (at - v.last > AuthBackoff.MEMORY_MS) this.state.delete(k);
  }

  success(key: string): void {
    this.state.delete(key);
  }
}
