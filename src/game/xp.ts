// Where XP comes from and how much (seed 003 "XP Sources"). Amounts are integers. Each grant is
// one xp_ledger row whose (user, source, ref) is unique, so the same reason never pays twice.
import { BADGE_BY_SLUG } from "./badges.ts";

export const XP = {
  /** The first accepted share of a UTC day (ref: the day). */
  DAILY_SHARE: 50,
  /** Per week of the streak when a week counts: 25 × streak length in weeks (ref: the week's Monday). */
  STREAK_WEEK_PER_WEEK: 25,
  /** A new all-time best share difficulty; at most one per UTC day (ref: the day). */
  BEST_DIFF_RECORD: 50,
  /** A found block (ref: the block hash). */
  BLOCK_FOUND: 500,
  // Granted by the features that own them (src/learn, src/compete) through xp-grant.ts.
  LESSON_COMPLETED: 25,
  TRACK_COMPLETED: 150,
  LOTTERY_FIRST: 500,
  LOTTERY_SECOND: 200,
  LOTTERY_THIRD: 100,
  WORLD_CUP_PARTICIPATION: 200,
  /** A tap-game achievement tier claimed (src/tokens/progress.ts; ref: `slug:tier`): bronze, silver, gold; a single-tier achievement pays the bronze amount, a secret one the gold. */
  ACHIEVEMENT_TIERS: [50, 150, 400],
} as const;

export type XpSource = "daily_share" | "streak_week" | "best_diff_record" | "block" | "badge" | "badge_revoked" | "lesson" | "track" | "lottery" | "world_cup" | "achievement" | "manual";

/** A ledger row in words, for the XP history. */
export function describeXp(source: string, ref: string): string {
  switch (source) {
    case "daily_share": return `First share of ${ref}`;
    case "streak_week": return `Weekly streak, week of ${ref}`;
    case "best_diff_record": return `New personal best (${ref})`;
    case "block": return "Block found";
    case "badge": return `Badge: ${BADGE_BY_SLUG.get(ref)?.name ?? ref}`;
    case "badge_revoked": return `Badge taken back: ${BADGE_BY_SLUG.get(ref.split("@")[0] ?? "")?.name ?? ref}`;
    case "lesson": return "Lesson completed";
    case "track": return "Track completed";
    case "lottery": return "Weekly lottery";
    case "world_cup": return "World Cup";
    case "achievement": return `Achievement: ${ref.replace(/_/g, " ").replace(/:(\d+)$/, ", tier $1")}`;
    default: return source.replace(/_/g, " ");
  }
}
