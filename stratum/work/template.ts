// getblocktemplate result → Template. Everything the node sends is checked here once, so the
// job and share code can trust the shape. The node is trusted for consensus facts (txids,
// fees, the commitment); we only refuse what is malformed.
import { hashFromDisplayHex, hexToBytes, isHex } from "../bitcoin/bytes.ts";
import { bitsToTarget } from "../bitcoin/difficulty.ts";
import { merkleBranch } from "../bitcoin/merkle.ts";

export interface TemplateTransaction {
  /** raw transaction hex, witness-serialized when it has witnesses */
  data: string;
  /** display-order hex */
  txid: string;
  /** display-order hex (wtxid) */
  hash: string;
}

export interface Template {
  /** unique, increasing per process */
  id: number;
  height: number;
  /** RPC display hex */
  prevHash: string;
  /** full version from the node, including any extra bits (Knots may set 0x30000000) */
  version: number;
  /** compact target, 8 hex characters */
  bits: string;
  networkTarget: bigint;
  curtime: number;
  mintime: number;
  /** sats, integer */
  coinbaseValue: bigint;
  /** output script from default_witness_commitment */
  witnessCommitment: Uint8Array | null;
  transactions: TemplateTransaction[];
  /** stratum merkle branch, computed once per template */
  merkleBranch: Uint8Array[];
  receivedAt: number;
}

export type TemplateResult = { ok: true; template: Template } | { ok: false; reason: string };

let nextTemplateId = 1;

// Largest coinbase value a template can carry: 21M BTC in sats, the consensus MAX_MONEY.
const MAX_MONEY = 21_000_000n * 100_000_000n;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isUint32(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 0xffffffff;
}

function bad(reason: string): TemplateResult {
  return { ok: false, reason: `getblocktemplate: ${reason}` };
}

/** Validate and convert a getblocktemplate result. Never throws. */
export function parseTemplate(gbt: unknown, now: number): TemplateResult {
  if (!isObject(gbt)) return bad("result is not an object");
  const { version, previousblockhash, transactions, coinbasevalue, bits, height, curtime, mintime } = gbt;
  if (!isUint32(version)) return bad("version is not a 32-bit unsigned integer");
  if (typeof previousblockhash !== "string" || !isHex(previousblockhash, 32)) return bad("previousblockhash is not 64 hex characters");
  if (typeof bits !== "string" || !isHex(bits, 4)) return bad("bits is not 8 hex characters");
  const networkTarget = bitsToTarget(bits);
  if (networkTarget === null || networkTarget === 0n) return bad(`bits ${bits} is not a valid compact target`);
  if (!isUint32(height)) return bad("height is not a non-negative integer");
  if (!isUint32(curtime)) return bad("curtime is not a 32-bit timestamp");
  const minTime = mintime === undefined ? curtime : mintime;
  if (!isUint32(minTime)) return bad("mintime is not a 32-bit timestamp");
  if (typeof coinbasevalue !== "number" || !Number.isSafeInteger(coinbasevalue) || coinbasevalue < 0) {
    return bad("coinbasevalue is not a non-negative integer number of sats");
  }
  const coinbaseValue = BigInt(coinbasevalue);
  if (coinbaseValue > MAX_MONEY) return bad("coinbasevalue exceeds the money supply");

  let witnessCommitment: Uint8Array | null = null;
  if (gbt.default_witness_commitment !== undefined) {
    const c = gbt.default_witness_commitment;
    const bytes = typeof c === "string" ? hexToBytes(c) : null;
    // BIP141: OP_RETURN, push 36, 0xaa21a9ed, 32-byte commitment (anything after is allowed).
    if (bytes === null || bytes.length < 38 || bytes[0] !== 0x6a || bytes[1] !== 0x24 ||
        bytes[2] !== 0xaa || bytes[3] !== 0x21 || bytes[4] !== 0xa9 || bytes[5] !== 0xed) {
      return bad("default_witness_commitment is not a BIP141 commitment script");
    }
    witnessCommitment = bytes;
  }

  if (!Array.isArray(transactions)) return bad("transactions is not an array");
  const txs: TemplateTransaction[] = [];
  const txids: Uint8Array[] = [];
  for (let i = 0; i < transactions.length; i++) {
    const t: unknown = transactions[i];
    if (!isObject(t)) return bad(`transaction ${i} is not an object`);
    const { data, txid, hash } = t;
    if (typeof data !== "string" || data.length < 20 || !isHex(data)) return bad(`transaction ${i} data is not hex`);
    if (typeof txid !== "string") return bad(`transaction ${i} txid missing`);
    const txidLE = hashFromDisplayHex(txid);
    if (txidLE === null) return bad(`transaction ${i} txid is not 64 hex characters`);
    const wtxid = hash === undefined ? txid : hash;
    if (typeof wtxid !== "string" || !isHex(wtxid, 32)) return bad(`transaction ${i} hash is not 64 hex characters`);
    txs.push({ data, txid, hash: wtxid });
    txids.push(txidLE);
  }

  return {
    ok: true,
    template: {
      id: nextTemplateId++,
      height,
      prevHash: previousblockhash.toLowerCase(),
      version,
      bits: bits.toLowerCase(),
      networkTarget,
      curtime,
      mintime: minTime,
      coinbaseValue,
      witnessCommitment,
      transactions: txs,
      merkleBranch: merkleBranch(txids),
      receivedAt: now,
    },
  };
}
