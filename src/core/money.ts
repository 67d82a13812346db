// Money-like values are integers in base units (sats, token units), held as bigint wherever
// arithmetic happens so nothing is ever rounded. These helpers move between bigint, the
// decimal text people read and type ("1.5"), and the JS numbers a database row carries.
export const SATS_PER_BTC = 100_000_000n;
export const BTC_DECIMALS = 8;

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Decimal text to base units: parseUnits("1.5", 8) = 150000000n. Accepts an optional leading
 * "-", digits, and at most `decimals` fraction digits; anything else (exponents, spaces,
 * separators, more precision than the unit has) throws rather than rounds.
 */
export function parseUnits(text: string, decimals: number): bigint {
  assertDecimals(decimals);
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) throw new RangeError(`not a decimal amount: ${JSON.stringify(text)}`);
  const [, sign, whole, frac = ""] = m;
  if (frac.length > decimals) throw new RangeError(`more than ${decimals} decimal places: ${text}`);
  const units = BigInt(whole!) * 10n ** BigInt(decimals) + BigInt(frac.padEnd(decimals, "0") || "0");
  return sign ? -units : units;
}

/** Base units to decimal text without trailing zeros: formatUnits(150000000n, 8) = "1.5". */
export function formatUnits(units: bigint, decimals: number, opts: { minFraction?: number } = {}): string {
  assertDecimals(decimals);
  const neg = units < 0n;
  const abs = neg ? -units : units;
  const scale = 10n ** BigInt(decimals);
  const whole = (abs / scale).toString();
  let frac = decimals ? (abs % scale).toString().padStart(decimals, "0") : "";
  const keep = Math.min(opts.minFraction ?? 0, decimals);
  frac = frac.replace(/0+$/, "");
  if (frac.length < keep) frac = frac.padEnd(keep, "0");
  return `${neg ? "-" : ""}${whole}${frac ? `.${frac}` : ""}`;
}

export const formatBtc = (sats: bigint | number, opts?: { minFraction?: number }) => formatUnits(toUnits(sats), BTC_DECIMALS, opts);
export const parseBtc = (text: string) => parseUnits(text, BTC_DECIMALS);

/** A row's integer number as bigint; throws on fractions and unsafe integers instead of guessing. */
export function toUnits(n: bigint | number): bigint {
  if (typeof n === "bigint") return n;
  if (!Number.isSafeInteger(n)) throw new RangeError(`not a safe integer amount: ${n}`);
  return BigInt(n);
}

/** bigint to a JS number for a row or JSON; throws beyond 2^53 rather than lose units. */
export function toSafeNumber(units: bigint): number {
  if (units > MAX_SAFE || units < -MAX_SAFE) throw new RangeError(`amount exceeds 2^53: ${units}`);
  return Number(units);
}

/** floor(units · num / den), for rates and shares of a pot: exact, no float in between. */
export function mulDivFloor(units: bigint, num: bigint, den: bigint): bigint {
  if (den <= 0n) throw new RangeError("denominator must be positive");
  const p = units * num;
  const q = p / den;
  // bigint division truncates toward zero; floor differs for negative non-exact results.
  return p < 0n && q * den !== p ? q - 1n : q;
}

function assertDecimals(decimals: number): void {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 36) throw new RangeError(`bad number of decimals: ${decimals}`);
}
