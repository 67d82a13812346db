// Referrals (seed 000 §Referral System): a player shares their code as the Mini App start
// parameter `ref_<code>`; a new player who arrived with it (the first start_param is kept at
// sign-up) credits both sides once — the referral row is unique per referee and both bonuses
// carry idempotency keys — and the referrer earns extra at 5, 10 and 25 friends.
import { createHash, randomInt } from "node:crypto";
import type { Clock } from "../core/time.ts";
import type { Repos } from "../db/repos.ts";
import type { Logger } from "../log.ts";
import { apply } from "./ledger.ts";
import { tokens } from "./units.ts";
import { raiseRisk, RISK } from "./risk.ts";
import { freshTapState, TAP } from "./tap.ts";

export const REFERRER_BONUS = tokens(500);
export const REFEREE_BONUS = tokens(250);
export const REFERRAL_MILESTONES = [
  { friends: 5, bonus: tokens(1_000) },
  { friends: 10, bonus: tokens(2_500) },
  { friends: 25, bonus: tokens(10_000) },
] as const;
/** No 0/O or 1/I: codes are read aloud and typed. */
const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
export const CODE_PATTERN = /^ref_([A-HJ-NP-Z2-9]{8})$/;

export interface Referrals {
  /** The caller's code, made the first time it is asked for. */
  code(userId: number): Promise<string>;
  /** Credits this player's referral if they arrived with a code and were never credited; true when it paid now. */
  settle(userId: number): Promise<boolean>;
  list(userId: number): Promise<{ count: number; earned: number; next: { friends: number; bonus: number } | null; rows: { refereeId: number; name: string | null; at: number; bonus: number }[] }>;
}

export function createReferrals(deps: { repos: Repos; log: Logger; now: Clock }): Referrals {
  const { repos, now } = deps;
  const log = deps.log.child("referrals");
  return {
    async code(userId) {
      const have = await repos.tokens.referralCodeOf(userId);
      if (have) return have;
      for (let i = 0; i < 8; i++) {
        const code = Array.from({ length: 8 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
        if (await repos.tokens.insertReferralCode(userId, code, now())) return code;
        const raced = await repos.tokens.referralCodeOf(userId);
        if (raced) return raced;
      }
      throw new Error("could not find a free referral code");
    },

    async settle(userId) {
      if (await repos.tokens.referralOf(userId)) return false;
      const m = CODE_PATTERN.exec((await repos.users.getTelegramProfile(userId))?.startParam ?? "");
      if (!m) return false;
      const referrerId = await repos.tokens.userOfReferralCode(m[1]!);
      if (referrerId === undefined || referrerId === userId) return false;
      const at = now();
      // The friend's first session: network and device, hashed (never shown, only compared).
      const first = await repos.tokens.firstSession(userId);
      const fingerprint = first?.ip ? createHash("sha256").update(`${first.ip}|${first.userAgent ?? ""}`).digest("hex").slice(0, 32) : null;
      try {
        return await repos.transaction(async (tx) => {
          if (!(await tx.tokens.insertReferral({ refereeId: userId, referrerId, code: m[1]!, fingerprint, referrerBonus: REFERRER_BONUS, refereeBonus: REFEREE_BONUS, createdAt: at }))) return false;
          await apply(tx, { userId, type: "REFERRAL_BONUS", amount: REFEREE_BONUS, idemKey: "ref:welcome", description: "Welcome bonus: you joined with a friend's code", metadata: { referrer_id: referrerId }, at });
          await apply(tx, { userId: referrerId, type: "REFERRAL_BONUS", amount: REFERRER_BONUS, idemKey: `ref:${userId}`, description: "A friend joined with your code", metadata: { referee_id: userId }, at });
          const n = await tx.tokens.countReferrals(referrerId);
          const mark = REFERRAL_MILESTONES.find((x) => x.friends === n);
          if (mark) await apply(tx, { userId: referrerId, type: "REFERRAL_BONUS", amount: mark.bonus, idemKey: `ref:milestone:${mark.friends}`, description: `${mark.friends} friends joined`, metadata: { friends: mark.friends }, at });
          if (fingerprint && (await tx.tokens.countReferralsByFingerprint(referrerId, fingerprint)) >= RISK.ringFrom) {
            for (const who of [referrerId, userId]) {
              const s = await tx.tokens.lockTapState(freshTapState(who, { maxEnergy: TAP.baseMaxEnergy, regenPerS: TAP.baseRegenPerS, rateBp: 10_000, level: 0 }, at));
              await tx.tokens.putTapState(raiseRisk(s, RISK.ring, "referral_ring", at));
            }
            log.info("referral ring", { referrer: referrerId, referee: userId });
          }
          return true;
        });
      } catch (err) {
        log.warn("referral not credited", { user: userId, err: String(err) });
        return false;
      }
    },

    async list(userId) {
      const [rows, count] = await Promise.all([repos.tokens.listReferrals(userId, 100), repos.tokens.countReferrals(userId)]);
      const earned = count * REFERRER_BONUS + REFERRAL_MILESTONES.filter((x) => count >= x.friends).reduce((s, x) => s + x.bonus, 0);
      return {
        count, earned, next: REFERRAL_MILESTONES.find((x) => x.friends > count) ?? null,
        rows: rows.map((r) => ({ refereeId: r.refereeId, name: r.displayName, at: r.createdAt, bonus: r.referrerBonus })),
      };
    },
  };
}
