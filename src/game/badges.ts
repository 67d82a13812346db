// The badge catalog: seed 003's 16 named badges plus four of our own on the same trigger types.
// shares_count, best_diff, streak_weeks and block_found are evaluated from stored mining data;
// the others are granted by the feature they belong to (grantBadge) or by an admin (manual).

export type BadgeCategory = "mining" | "streak" | "competition" | "social" | "node" | "education";
export type BadgeRarity = "common" | "rare" | "epic" | "legendary";
export type BadgeTrigger = "shares_count" | "best_diff" | "streak_weeks" | "block_found" | "education_track" | "competition" | "social" | "manual";

export interface BadgeDef {
  slug: string;
  name: string;
  description: string;
  category: BadgeCategory;
  rarity: BadgeRarity;
  xpReward: number;
  trigger: BadgeTrigger;
  /** Threshold for the evaluated triggers (shares, difficulty, weeks, blocks). */
  threshold: number | null;
}

const b = (slug: string, name: string, description: string, category: BadgeCategory, rarity: BadgeRarity, xpReward: number, trigger: BadgeTrigger, threshold: number | null = null): BadgeDef => ({
  slug, name, description, category, rarity, xpReward, trigger, threshold,
});

export const BADGES: readonly BadgeDef[] = [
  b("first_share", "First Hash", "Submit your very first share to the pool.", "mining", "common", 50, "shares_count", 1),
  b("shares_1k", "Thousand Hashes", "Have 1,000 of your shares accepted.", "mining", "common", 100, "shares_count", 1_000),
  b("shares_100k", "Steady Hasher", "Have 100,000 of your shares accepted.", "mining", "rare", 200, "shares_count", 100_000),
  b("shares_1m", "Million Hashes", "Have 1,000,000 of your shares accepted.", "mining", "epic", 300, "shares_count", 1_000_000),
  b("diff_1e6", "Mega Diff", "Find a share with difficulty of at least one million.", "mining", "common", 100, "best_diff", 1e6),
  b("diff_1e9", "Giga Diff", "Find a share with difficulty of at least one billion.", "mining", "rare", 200, "best_diff", 1e9),
  b("diff_1e12", "Tera Diff", "Find a share with difficulty of at least one trillion. Very few ever do.", "mining", "epic", 300, "best_diff", 1e12),
  b("streak_4", "Month of Hashing", "Mine in 4 weeks in a row (a week counts with one accepted share).", "streak", "common", 100, "streak_weeks", 4),
  b("streak_12", "Quarter Grinder", "Mine in 12 weeks in a row.", "streak", "rare", 200, "streak_weeks", 12),
  b("streak_26", "Half-Year Hasher", "Mine in 26 weeks in a row.", "streak", "epic", 300, "streak_weeks", 26),
  b("streak_52", "Year of Hashing", "Mine in 52 weeks in a row: a whole year without a gap.", "streak", "legendary", 500, "streak_weeks", 52),
  b("block_finder", "Block Finder", "Find a Bitcoin block solo. The ultimate achievement.", "mining", "legendary", 500, "block_found", 1),
  b("rabbit_hole_complete", "Down the Rabbit Hole", "Finish every track of lessons under Play → Learn.", "education", "rare", 150, "education_track"),
  b("world_cup_participant", "World Cup Miner", "Mine for your country in a World Cup.", "competition", "common", 100, "competition"),
  b("world_cup_winner", "World Champion", "Mine for the country that wins a World Cup.", "competition", "epic", 300, "competition"),
  b("lottery_winner", "Lucky Ticket", "Win a prize in the weekly lottery, drawn from a Bitcoin block anyone can check.", "competition", "rare", 150, "competition"),
  b("coop_founder", "Co-op Founder", "Found a mining cooperative.", "social", "rare", 150, "social"),
  b("coop_member", "Team Player", "Join a mining cooperative.", "social", "common", 50, "social"),
  b("node_runner", "Node Runner", "Run your own Bitcoin node (granted by the pool's admin).", "node", "rare", 200, "manual"),
  b("orange_piller", "Orange Piller", "Bring someone new to Bitcoin (granted by the pool's admin).", "social", "rare", 200, "manual"),
];

export const BADGE_BY_SLUG: ReadonlyMap<string, BadgeDef> = new Map(BADGES.map((d) => [d.slug, d]));
