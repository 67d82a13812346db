// Sign-in challenges for Bitcoin message signing (seed 003 §4.1): a 32-byte random nonce bound to
// one address, valid 5 minutes, usable once. Kept in memory (the seed kept them in Redis with a
// TTL); a restart only costs a user a fresh challenge.

/** Seed 003 §11: BTC_CHALLENGE_EXPIRE_SECONDS / BTC_CHALLENGE_MESSAGE_PREFIX. */
export const CHALLENGE_TTL_MS = 5 * 60_000;
export const CHALLENGE_PREFIX = "The Bitcoin Game authentication";
/** Bounds memory under a flood of challenge requests (which are rate limited per IP as well). */
const MAX_OPEN = 100_000;

export interface Challenge {
  address: string;
  nonce: string;
  message: string;
  expiresAt: number;
}

export type TakeResult = { ok: true; challenge: Challenge } | { ok: false; code: "AUTH_CHALLENGE_EXPIRED" | "AUTH_CHALLENGE_NOT_FOUND" | "AUTH_ADDRESS_MISMATCH" };

export class ChallengeStore {
  private open = new Map<string, Challenge>();
  constructor(private readonly now: () => number) {}

  issue(address: string): Challenge {
    const at = this.now();
    if (this.open.size >= MAX_OPEN) this.prune(at);
    const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("hex");
    const message = `${CHALLENGE_PREFIX}\nAddress: ${address}\nNonce: ${nonce}\nTimestamp: ${new Date(at).toISOString().replace(/\.\d{3}Z$/, "Z")}`;
    const challenge = { address, nonce, message, expiresAt: at + CHALLENGE_TTL_MS };
    this.open.set(nonce, challenge);
    return challenge;
  }

  /**
   * Removes the challenge whatever the outcome: a nonce gets one verification attempt, so a
   * replayed or guessed signature never meets a live nonce twice.
   */
  take(nonce: string, address: string): TakeResult {
    const c = this.open.get(nonce);
    if (!c) return { ok: false, code: "AUTH_CHALLENGE_NOT_FOUND" };
    this.open.delete(nonce);
    if (c.expiresAt <= this.now()) return { ok: false, code: "AUTH_CHALLENGE_EXPIRED" };
    if (c.address !== address) return { ok: false, code: "AUTH_ADDRESS_MISMATCH" };
    return { ok: true, challenge: c };
  }

  private prune(at: number): void {
    for (const [k, c] of this.open) if (c.expiresAt <= at) this.open.delete(k);
    // Still full of live challenges: drop the oldest, the map keeps insertion order.
    for (const k of this.open.keys()) {
      if (this.open.size < MAX_OPEN) break;
      this.open.delete(k);
    }
  }

  get size(): number {
    return this.open.size;
  }
}
