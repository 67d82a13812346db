// The coinbase transaction, split around the extranonces the way stratum miners rebuild it:
//   coinbase = coinb1 || extranonce1 || extranonce2 || coinb2
// serialized WITHOUT witness (that is what the txid and the merkle root are computed over).
import { concatBytes, encodeVarInt, u32LE, u64LE } from "../bitcoin/bytes.ts";
import { bip34HeightPush, pushData } from "../bitcoin/script.ts";
import type { Template } from "./template.ts";

export interface CoinbaseOptions {
  payoutScript: Uint8Array;
  /** coinbase tag; shortened (on a character boundary) so the scriptSig stays within 100 bytes */
  tag: string;
  extranonce1Size: number;
  extranonce2Size: number;
  /** optional pool fee, percent of the coinbase value in [0, 100) */
  fee?: { script: Uint8Array; percent: number };
}

export interface Coinbase {
  coinb1: Uint8Array;
  coinb2: Uint8Array;
  /** sats paid to payoutScript */
  payoutValue: bigint;
  /** sats paid to the fee script (0n when there is no fee output) */
  feeValue: bigint;
  /** the tag bytes actually used */
  tag: Uint8Array;
}

// Consensus (CheckTransaction): a coinbase scriptSig is 2..100 bytes.
export const MAX_COINBASE_SCRIPTSIG = 100;
// A tag longer than 75 bytes would need OP_PUSHDATA1; no pool needs that much text.
const MAX_TAG_PUSH = 75;
const TX_VERSION = 2;
// Bitcoin Core's own miner (v29+) timelocks the coinbase to height-1 with a non-final
// sequence, as the consensus-cleanup proposal (BIP54) will require; it is final at `height`.
const SEQUENCE_NONFINAL = 0xfffffffe;
// Fee percentages are applied in millionths of a percent, in integer sats, rounded down.
const FEE_SCALE = 100_000_000n;

/** Problems with coinbase options, or null when they are usable. For start-up config checks. */
export function checkCoinbaseOptions(opts: CoinbaseOptions): string | null {
  const { extranonce1Size: e1, extranonce2Size: e2 } = opts;
  if (!Number.isInteger(e1) || !Number.isInteger(e2) || e1 < 0 || e2 < 1 || e1 + e2 > 32) {
    return "extranonce sizes must be integers with extranonce1 + extranonce2 between 1 and 32 bytes";
  }
  if (opts.payoutScript.length === 0 || opts.payoutScript.length > 10_000) return "payout script must be 1..10000 bytes";
  if (opts.fee) {
    const p = opts.fee.percent;
    if (!Number.isFinite(p) || p < 0 || p >= 100) return "fee percent must be in [0, 100)";
    if (p > 0 && (opts.fee.script.length === 0 || opts.fee.script.length > 10_000)) return "fee script must be 1..10000 bytes";
  }
  return null;
}

/** Longest tag (bytes) that fits next to the height push and extranonces. */
export function maxTagBytes(height: number, extranonce1Size: number, extranonce2Size: number): number {
  const room = MAX_COINBASE_SCRIPTSIG - bip34HeightPush(height).length - 1 - extranonce1Size - extranonce2Size - 1;
  return Math.max(0, Math.min(MAX_TAG_PUSH, room));
}

function truncateUtf8(text: string, maxBytes: number): Uint8Array {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length <= maxBytes) return bytes;
  let end = maxBytes;
  // Step back over UTF-8 continuation bytes (10xxxxxx) so no character is cut in half.
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return bytes.slice(0, end);
}

function output(value: bigint, script: Uint8Array): Uint8Array {
  return concatBytes(u64LE(value), encodeVarInt(script.length), script);
}

/** Fee in sats: floor(value * percent / 100), computed in integers. */
export function feeSats(value: bigint, percent: number): bigint {
  if (!(percent > 0)) return 0n;
  return (value * BigInt(Math.round(percent * 1_000_000))) / FEE_SCALE;
}

/**
 * Build coinb1/coinb2 for a template. Throws RangeError only for invalid options, which
 * checkCoinbaseOptions reports up front; a validated configuration never makes it throw.
 */
export function buildCoinbase(template: Template, opts: CoinbaseOptions): Coinbase {
  const problem = checkCoinbaseOptions(opts);
  if (problem !== null) throw new RangeError(problem);
  const enSize = opts.extranonce1Size + opts.extranonce2Size;
  const heightPush = bip34HeightPush(template.height);
  const tag = truncateUtf8(opts.tag, maxTagBytes(template.height, opts.extranonce1Size, opts.extranonce2Size));
  const tagPush = tag.length > 0 ? pushData(tag) : new Uint8Array(0);
  // scriptSig = <height> [<tag>] <extranonce1||extranonce2> — every element a proper push,
  // so explorers decode it; the extranonces sit last so coinb1 ends on their push opcode.
  const scriptSigLength = heightPush.length + tagPush.length + 1 + enSize;

  const coinb1 = concatBytes(
    u32LE(TX_VERSION),
    Uint8Array.of(1),
    new Uint8Array(32),
    u32LE(0xffffffff),
    encodeVarInt(scriptSigLength),
    heightPush,
    tagPush,
    Uint8Array.of(enSize),
  );

  const fee = opts.fee ? feeSats(template.coinbaseValue, opts.fee.percent) : 0n;
  const outputs: Uint8Array[] = [output(template.coinbaseValue - fee, opts.payoutScript)];
  if (fee > 0n && opts.fee) outputs.push(output(fee, opts.fee.script));
  if (template.witnessCommitment) outputs.push(output(0n, template.witnessCommitment));

  const coinb2 = concatBytes(
    u32LE(SEQUENCE_NONFINAL),
    encodeVarInt(outputs.length),
    ...outputs,
    u32LE(template.height > 0 ? template.height - 1 : 0),
  );
  return { coinb1, coinb2, payoutValue: template.coinbaseValue - fee, feeValue: fee, tag };
}

// BIP141: the coinbase witness is one 32-byte item, the witness reserved value (all zero here,
// matching default_witness_commitment, which the node computed with a zero reserved value).
const COINBASE_WITNESS = concatBytes(Uint8Array.of(1, 32), new Uint8Array(32));

/**
 * The coinbase as it goes into a block. With `withWitness` it gets the BIP144 marker/flag and
 * the reserved-value witness, required whenever the block carries a witness commitment.
 */
export function serializeCoinbase(
  coinb1: Uint8Array,
  extranonce1: Uint8Array,
  extranonce2: Uint8Array,
  coinb2: Uint8Array,
  withWitness: boolean,
): Uint8Array {
  if (!withWitness) return concatBytes(coinb1, extranonce1, extranonce2, coinb2);
  return concatBytes(
    coinb1.subarray(0, 4),
    Uint8Array.of(0x00, 0x01),
    coinb1.subarray(4),
    extranonce1,
    extranonce2,
    coinb2.subarray(0, coinb2.length - 4),
    COINBASE_WITNESS,
    coinb2.subarray(coinb2.length - 4),
  );
}
