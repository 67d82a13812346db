// Character templates (seed 000 §Characters: rarity COMMON … MYTHIC, power 100–1000, mining rate
// 1.0×–5.0×, levels 1–50). Kept in code like the badge catalog: they are game content shipped
// with the binary, and an owned character refers to its template by slug.
import { tokens } from "./units.ts";

export const RARITIES = ["COMMON", "RARE", "EPIC", "LEGENDARY", "MYTHIC"] as const;
export type Rarity = (typeof RARITIES)[number];
export const MAX_LEVEL = 50;

export interface CharacterTemplate {
  slug: string;
  name: string;
  description: string;
  rarity: Rarity;
  basePower: number;
  /** Mining rate in basis points (1.0× = 10,000): multiplies every tap. */
  rateBp: number;
  /** Base units. */
  price: number;
  /** A short emoji-free glyph drawn on the tap button (plain text, escaped like any other). */
  glyph: string;
}

export const CHARACTERS: readonly CharacterTemplate[] = [
  { slug: "pleb", name: "The Pleb", description: "Stacks sats every week, runs a node on a Raspberry Pi and has never sold a single one.", rarity: "COMMON", basePower: 100, rateBp: 11_000, price: tokens(500), glyph: "P" },
  { slug: "node_runner", name: "Node Runner", description: "Validated every block since genesis on a second-hand laptop. Don't trust, verify.", rarity: "COMMON", basePower: 150, rateBp: 12_500, price: tokens(2_000), glyph: "N" },
  { slug: "diamond_hands", name: "Diamond Hands", description: "Held through four halvings and three 80 % drawdowns without opening the exchange app once.", rarity: "RARE", basePower: 250, rateBp: 16_000, price: tokens(10_000), glyph: "D" },
  { slug: "bitaxe_tinkerer", name: "Bitaxe Tinkerer", description: "Open-source hashboard, a soldering iron and a standing bet on a solo block before the next halving.", rarity: "RARE", basePower: 300, rateBp: 18_000, price: tokens(20_000), glyph: "B" },
  { slug: "cypherpunk", name: "Cypherpunk", description: "Writes code, reads the mailing list, signs every message. Privacy is necessary for an open society.", rarity: "EPIC", basePower: 450, rateBp: 24_000, price: tokens(75_000), glyph: "C" },
  { slug: "lightning_wizard", name: "Lightning Wizard", description: "Rebalances channels in their sleep and quotes fees in millisats.", rarity: "EPIC", basePower: 500, rateBp: 28_000, price: tokens(120_000), glyph: "L" },
  { slug: "first_receiver", name: "The First Receiver", description: "Running bitcoin. Took the first coins ever sent from one person to another, in block 170.", rarity: "LEGENDARY", basePower: 750, rateBp: 35_000, price: tokens(400_000), glyph: "R" },
  { slug: "satoshis_ghost", name: "Satoshi's Ghost", description: "Mined the genesis block, left a newspaper headline in its coinbase and vanished. The coins never moved.", rarity: "MYTHIC", basePower: 1_000, rateBp: 50_000, price: tokens(2_000_000), glyph: "S" },
];

export const CHARACTER_BY_SLUG = new Map(CHARACTERS.map((c) => [c.slug, c]));

/**
 * Price of going from `level` to `level + 1`: 10 % of the template's price, growing 15 % per
 * level (floor, in base units): the Pleb's first level costs 50 tokens, its last (49 → 50)
 * about 41,000.
 */
export function upgradeCost(t: CharacterTemplate, level: number): number {
  const n = BigInt(level - 1);
  return Number((BigInt(t.price) * 10n * 115n ** n) / (100n * 100n ** n));
}

/** Seed 000 "Current Power: Base * Level Multiplier", with the level bonus 1 + level × 0.1. */
export const powerAt = (t: CharacterTemplate, level: number) => Math.floor((t.basePower * (10 + level)) / 10);
