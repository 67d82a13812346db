// Token amounts are integer base units: 1 token = 1,000 units (three decimals are enough for a
// tap's fractional bonuses and for hourly staking interest on small stakes; the
// rounding rules of each reward say where units are floored).
import { formatUnits } from "../core/money.ts";

export const TOKEN_DECIMALS = 3;
export const UNITS_PER_TOKEN = 1_000;

/** Whole tokens to base units. */
export const tokens = (n: number) => n * UNITS_PER_TOKEN;

/** Base units to the text people read: "12.5". */
export const formatTokens = (units: number) => formatUnits(BigInt(units), TOKEN_DECIMALS);

/** For pages: the same text with thousands grouped ("2,000,000.5"). */
export function displayTokens(units: number): string {
  const [whole, frac] = formatTokens(units).split(".");
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return frac ? `${grouped}.${frac}` : grouped;
}
