// The odds of a solo block, as home miners ask for them. With hashrate H (hashes/s) and network
// difficulty D, a block takes D·2^32 hashes on average (difficulty 1 = 2^32 hashes), and blocks
// arrive as a Poisson process: P(at least one block in t seconds) = 1 − exp(−H·t / (D·2^32)),
// expected time to a block = D·2^32 / H. A share of difficulty d is a "1 in d·2^32" hash.
// Unknown network difficulty gives null (say so), never 0.

export const HASHES_PER_DIFF = 2 ** 32;
/** Month = 1/12 of a year; year = 365.25 days. */
export const WINDOWS = [
  { key: "day", label: "Next 24 hours", seconds: 86_400 },
  { key: "week", label: "Next 7 days", seconds: 604_800 },
  { key: "month", label: "Next month", seconds: 2_629_800 },
  { key: "year", label: "Next year", seconds: 31_557_600 },
] as const;

export interface Odds {
  hashrate: number;
  networkDifficulty: number;
  /** Probability (0..1) of at least one block in each window. */
  chance: Record<(typeof WINDOWS)[number]["key"], number>;
  /** Seconds; Infinity at zero hashrate. */
  expectedSeconds: number;
}

export function blockOdds(hashrate: number, networkDifficulty: number | null): Odds | null {
  if (networkDifficulty === null || !Number.isFinite(networkDifficulty) || networkDifficulty <= 0) return null;
  const h = Number.isFinite(hashrate) && hashrate > 0 ? hashrate : 0;
  const perBlock = networkDifficulty * HASHES_PER_DIFF;
  // -expm1(-x) keeps tiny chances exact where 1 - exp(-x) would round to 0.
  const p = (t: number) => -Math.expm1(-(h * t) / perBlock);
  return {
    hashrate: h, networkDifficulty,
    chance: { day: p(86_400), week: p(604_800), month: p(2_629_800), year: p(31_557_600) },
    expectedSeconds: h > 0 ? perBlock / h : Infinity,
  };
}

/** Hashes one share of difficulty `d` stands for on average: "1 in N". */
export const oneIn = (d: number) => d * HASHES_PER_DIFF;

const SI = [
  [1e24, "septillion"], [1e21, "sextillion"], [1e18, "quintillion"], [1e15, "quadrillion"], [1e12, "trillion"], [1e9, "billion"], [1e6, "million"],
] as const;

/** 4.29 billion, 83,000 — how "1 in N" reads best. */
export function bigNumber(n: number): string {
  for (const [v, name] of SI) if (n >= v) return `${Number((n / v).toPrecision(3))} ${name}`;
  return Math.round(n).toLocaleString("en-US");
}

/** A chance people can read: 12.5%, 0.00735%, and below 0.0001% "1 in 4.97 million". */
export function percent(p: number): string {
  if (p <= 0) return "0%";
  if (p >= 0.9999) return "> 99.99%";
  const v = p * 100;
  if (v >= 10) return `${v.toFixed(1)}%`;
  if (v >= 1) return `${v.toFixed(2)}%`;
  // Three significant digits, written out (never 2.2e-7).
  if (v >= 1e-4) return `${v.toFixed(Math.ceil(-Math.log10(v)) + 2)}%`;
  return `1 in ${bigNumber(1 / p)}`;
}

/** 13,610 years, 3.2 days, 41 minutes. */
export function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "never at zero hashrate";
  const units: [number, string][] = [[31_557_600, "year"], [86_400, "day"], [3_600, "hour"], [60, "minute"], [1, "second"]];
  for (const [s, name] of units)
    if (seconds >= s || s === 1) {
      const v = seconds / s;
      const text = v >= 1e6 ? bigNumber(v) : v >= 100 ? Math.round(v).toLocaleString("en-US") : Number(v.toPrecision(2)).toString();
      return `${text} ${name}${v === 1 ? "" : "s"}`;
    }
  return `${seconds} seconds`;
}
