// Targets and difficulties. A "hash" here is sha256d output in internal (little-endian) byte
// order, as it comes out of the hasher; a block is valid when that 256-bit LE number <= target.

/** Difficulty-1 target (bits 0x1d00ffff): 0x00000000FFFF0000...0 — the pool/"bdiff" definition. */
export const DIFF1_TARGET = 0xffffn << 208n;
const DIFF1_DOUBLE = Number(DIFF1_TARGET);
const MAX_TARGET = (1n << 256n) - 1n;
const TWO_POW_32 = 4294967296;
const TWO_POW_64 = 18446744073709551616;

/**
 * Compact "nBits" → target, as arith_uint256::SetCompact. Returns null for negative or
 * overflowing encodings (which the node would also refuse).
 */
export function bitsToTarget(bits: number | string): bigint | null {
  let n: number;
  if (typeof bits === "string") {
    if (!/^[0-9a-fA-F]{8}$/.test(bits)) return null;
    n = Number.parseInt(bits, 16);
  } else {
    if (!Number.isInteger(bits) || bits < 0 || bits > 0xffffffff) return null;
    n = bits;
  }
  const exponent = n >>> 24;
  const mantissa = n & 0x007fffff;
  if (mantissa !== 0 && (n & 0x00800000) !== 0) return null;
  const target = exponent <= 3 ? BigInt(mantissa >>> (8 * (3 - exponent))) : BigInt(mantissa) << BigInt(8 * (exponent - 3));
  if (target > MAX_TARGET) return null;
  return target;
}

/** Difficulty of a target as a double (1 for DIFF1_TARGET). Infinity for a zero target. */
export function targetToDifficulty(target: bigint): number {
  if (target <= 0n) return Number.POSITIVE_INFINITY;
  return DIFF1_DOUBLE / Number(target);
}

/**
 * Target for a (possibly fractional) share difficulty, e.g. 0.0001 for CPU miners. The
 * difficulty is scaled by 2^64 (exact for a double) before the integer division so fractions
 * keep their full 53-bit precision; the result is clamped to the largest 256-bit value.
 * null for non-finite or non-positive input.
 */
export function difficultyToTarget(difficulty: number): bigint | null {
  if (!Number.isFinite(difficulty) || difficulty <= 0) return null;
  const scaled = Math.floor(difficulty * TWO_POW_64);
  if (scaled < 1) return MAX_TARGET;
  const target = (DIFF1_TARGET << 64n) / BigInt(scaled);
  return target > MAX_TARGET ? MAX_TARGET : target;
}

/** 32-byte little-endian form of a target, for exact byte comparison on the hot path. */
export function targetToLE(target: bigint): Uint8Array {
  const out = new Uint8Array(32);
  let t = target < 0n ? 0n : target > MAX_TARGET ? MAX_TARGET : target;
  for (let i = 0; i < 32; i++) {
    out[i] = Number(t & 0xffn);
    t >>= 8n;
  }
  return out;
}

/** Exact: hash (LE) <= target (LE). Compares from the most significant byte down. */
export function hashMeetsTarget(hashLE: Uint8Array, targetLE: Uint8Array): boolean {
  for (let i = 31; i >= 0; i--) {
    const h = hashLE[i]!;
    const t = targetLE[i]!;
    if (h !== t) return h < t;
  }
  return true;
}

/** The hash as a 256-bit bigint (for tests and display, not the hot path). */
export function hashToBigInt(hashLE: Uint8Array): bigint {
  let v = 0n;
  for (let i = 31; i >= 0; i--) v = (v << 8n) | BigInt(hashLE[i]!);
  return v;
}

/**
 * Share difficulty of a hash as a double, without bigint: DIFF1 / hash. The hash is folded
 * into a double from its 32-bit words, most significant first (53 bits of precision is far
 * more than a difficulty needs). Infinity for an all-zero hash.
 */
export function hashToDifficulty(hashLE: Uint8Array): number {
  let value = 0;
  for (let off = 28; off >= 0; off -= 4) {
    const word = (hashLE[off]! | (hashLE[off + 1]! << 8) | (hashLE[off + 2]! << 16) | (hashLE[off + 3]! << 24)) >>> 0;
    value = value * TWO_POW_32 + word;
  }
  return value === 0 ? Number.POSITIVE_INFINITY : DIFF1_DOUBLE / value;
}

/** A difficulty as people read it on a miner's screen: 3 significant digits and an SI suffix (1.23M, 4.56T, 0.000123). */
export function shortDifficulty(d: number): string {
  if (!Number.isFinite(d)) return String(d);
  const units = ["", "K", "M", "G", "T", "P", "E"];
  let i = 0;
  while (d >= 1000 && i < units.length - 1) {
    d /= 1000;
    i++;
  }
  return `${Number(d.toPrecision(3))}${units[i]}`;
}
