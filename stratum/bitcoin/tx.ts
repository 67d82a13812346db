// Transaction parsing (BIP144 witness serialization aware). Used to check what we build and to
// read real blocks in tests; never on the share hot path.
import { ByteReader, concatBytes } from "./bytes.ts";
import { sha256d } from "./hash.ts";

export interface TxInput {
  prevTxid: Uint8Array; // internal byte order
  vout: number;
  scriptSig: Uint8Array;
  sequence: number;
  witness: Uint8Array[];
}

export interface TxOutput {
  value: bigint; // sats
  script: Uint8Array;
}

export interface Transaction {
  version: number;
  inputs: TxInput[];
  outputs: TxOutput[];
  locktime: number;
  hasWitness: boolean;
  /** sha256d of the serialization without witness, internal byte order */
  txid: Uint8Array;
  /** sha256d of the full serialization (equals txid without witness), internal byte order */
  wtxid: Uint8Array;
  /** bytes consumed from the input */
  size: number;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

// Bounds against hostile input: a 4 MB block cannot hold more than this many inputs/outputs.
const MAX_COUNT = 100_000;

/** Parse one transaction at the reader's position. */
export function readTransaction(r: ByteReader): ParseResult<Transaction> {
  const start = r.pos;
  const version = r.u32();
  let hasWitness = false;
  let inCount = r.varint();
  if (inCount === 0) {
    // BIP144: marker 0x00 then flag 0x01.
    const flag = r.u8();
    if (flag !== 1) return { ok: false, reason: "zero inputs without witness flag" };
    hasWitness = true;
    inCount = r.varint();
  }
  if (!r.ok || inCount === 0 || inCount > MAX_COUNT) return { ok: false, reason: "bad input count" };
  const bodyStart = hasWitness ? start + 6 : start + 4;
  const inputs: TxInput[] = [];
  for (let i = 0; i < inCount; i++) {
    const prevTxid = r.bytesN(32);
    const vout = r.u32();
    const scriptSig = r.bytesN(r.varint());
    const sequence = r.u32();
    if (!r.ok) return { ok: false, reason: `truncated input ${i}` };
    inputs.push({ prevTxid, vout, scriptSig, sequence, witness: [] });
  }
  const outCount = r.varint();
  if (!r.ok || outCount > MAX_COUNT) return { ok: false, reason: "bad output count" };
  const outputs: TxOutput[] = [];
  for (let i = 0; i < outCount; i++) {
    const value = r.u64();
    const script = r.bytesN(r.varint());
    if (!r.ok) return { ok: false, reason: `truncated output ${i}` };
    outputs.push({ value, script });
  }
  const bodyEnd = r.pos;
  if (hasWitness) {
    for (const input of inputs) {
      const items = r.varint();
      if (!r.ok || items > MAX_COUNT) return { ok: false, reason: "bad witness item count" };
      for (let k = 0; k < items; k++) input.witness.push(r.bytesN(r.varint()));
    }
  }
  const locktime = r.u32();
  if (!r.ok) return { ok: false, reason: "truncated transaction" };
  const end = r.pos;
  const full = r.bytes.subarray(start, end);
  const stripped = hasWitness
    ? concatBytes(full.subarray(0, 4), r.bytes.subarray(bodyStart, bodyEnd), full.subarray(full.length - 4))
    : full;
  const txid = sha256d(stripped);
  const wtxid = hasWitness ? sha256d(full) : new Uint8Array(txid);
  return { ok: true, value: { version, inputs, outputs, locktime, hasWitness, txid, wtxid, size: end - start } };
}

/** Parse a whole buffer as exactly one transaction. */
export function parseTransaction(bytes: Uint8Array): ParseResult<Transaction> {
  const r = new ByteReader(bytes);
  const res = readTransaction(r);
  if (res.ok && r.remaining !== 0) return { ok: false, reason: `${r.remaining} trailing bytes after transaction` };
  return res;
}

export interface Block {
  header: Uint8Array;
  transactions: Transaction[];
}

/** Parse a serialized block: 80-byte header, varint count, transactions. */
export function parseBlock(bytes: Uint8Array): ParseResult<Block> {
  if (bytes.length < 81) return { ok: false, reason: "shorter than a header and a transaction count" };
  const r = new ByteReader(bytes);
  const header = r.bytesN(80);
  const count = r.varint();
  if (!r.ok || count === 0 || count > MAX_COUNT) return { ok: false, reason: "bad transaction count" };
  const transactions: Transaction[] = [];
  for (let i = 0; i < count; i++) {
    const tx = readTransaction(r);
    if (!tx.ok) return { ok: false, reason: `transaction ${i}: ${tx.reason}` };
    transactions.push(tx.value);
  }
  if (r.remaining !== 0) return { ok: false, reason: `${r.remaining} trailing bytes after block` };
  return { ok: true, value: { header, transactions } };
}
