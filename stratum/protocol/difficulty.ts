// How share difficulties are chosen and written on the wire.

/** Difficulties at or above 1 go out as integers: some firmware parses set_difficulty with an
 * integer parser. Below 1 (CPU miners, NerdMiner-class devices) four significant digits are kept,
 * and the value we judge shares against is exactly the value we sent. */
export function normalizeDifficulty(d: number, min: number, max: number): number {
  let v = Number.isFinite(d) ? d : min;
  if (v < min) v = min;
  if (v > max) v = max;
  if (v >= 1) return Math.floor(v);
  const rounded = Number(v.toPrecision(4));
  return rounded < min ? min : rounded;
}

/** The JSON text of a difficulty (JSON numbers; integers print without a fraction). */
export function difficultyJson(d: number): string {
  return Number.isInteger(d) ? d.toFixed(0) : String(d);
}

/** Parses a difficulty a miner sent (number or numeric string); null when unusable. */
export function parseDifficulty(v: unknown): number | null {
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : Number.NaN;
  return Number.isFinite(n) && n > 0 ? n : null;
}
