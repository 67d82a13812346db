// Script pushes used in the coinbase scriptSig.

const OP_0 = 0x00;
const OP_PUSHDATA1 = 0x4c;
const OP_PUSHDATA2 = 0x4d;
const OP_1NEGATE = 0x4f;
const OP_1 = 0x51;

/** CScriptNum::serialize: minimal little-endian sign-magnitude bytes (empty for 0). */
export function encodeScriptNum(n: number): Uint8Array {
  if (!Number.isSafeInteger(n)) throw new RangeError(`script number out of range: ${n}`);
  if (n === 0) return new Uint8Array(0);
  const negative = n < 0;
  let abs = Math.abs(n);
  const out: number[] = [];
  while (abs > 0) {
    out.push(abs & 0xff);
    abs = Math.floor(abs / 256);
  }
  // The top bit of the last byte is the sign: add a padding byte when the magnitude uses it.
  if (out[out.length - 1]! & 0x80) out.push(negative ? 0x80 : 0x00);
  else if (negative) out[out.length - 1]! |= 0x80;
  return Uint8Array.from(out);
}

/** Minimal push of `data` (the opcode choice of CScript::operator<<(std::vector)). */
export function pushData(data: Uint8Array): Uint8Array {
  const n = data.length;
  let head: number[];
  if (n < OP_PUSHDATA1) head = [n];
  else if (n <= 0xff) head = [OP_PUSHDATA1, n];
  else if (n <= 0xffff) head = [OP_PUSHDATA2, n & 0xff, n >>> 8];
  else throw new RangeError(`push of ${n} bytes is not supported here`);
  const out = new Uint8Array(head.length + n);
  out.set(head, 0);
  out.set(data, head.length);
  return out;
}

/**
 * Exactly the bytes of Bitcoin Core's `CScript() << height` (CScript::push_int64): 0 is OP_0,
 * 1..16 are the single opcodes OP_1..OP_16, anything else a minimal script-number push.
 * The node compares the start of the coinbase scriptSig with these bytes (BIP34) and answers
 * `bad-cb-height` on any difference — heights 1..16 as a data push are the classic mistake.
 */
export function bip34HeightPush(height: number): Uint8Array {
  if (!Number.isSafeInteger(height) || height < 0) throw new RangeError(`invalid block height: ${height}`);
  if (height === 0) return Uint8Array.of(OP_0);
  if (height <= 16) return Uint8Array.of(OP_1 + height - 1);
  return pushData(encodeScriptNum(height));
}

// Exported for symmetry with push_int64 (-1 is OP_1NEGATE); heights are never negative.
export const OPCODES = { OP_0, OP_PUSHDATA1, OP_PUSHDATA2, OP_1NEGATE, OP_1 } as const;
