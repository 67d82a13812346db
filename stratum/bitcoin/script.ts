// Bitcoin Script as the pool needs it: pushes for the coinbase scriptSig, and the standard
// output scripts (scriptPubKey templates) that the address codec and the signed-message checks
// build and recognise.

const OP_0 = 0x00;
const OP_PUSHDATA1 = 0x4c;
const OP_PUSHDATA2 = 0x4d;
const OP_1 = 0x51;
const OP_DUP = 0x76;
const OP_HASH160 = 0xa9;
const OP_EQUAL = 0x87;
const OP_EQUALVERIFY = 0x88;
const OP_CHECKSIG = 0xac;

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


function framed(prefix: number[], body: Uint8Array, suffix: number[] = []): Uint8Array {
  const out = new Uint8Array(prefix.length + body.length + suffix.length);
  out.set(prefix, 0);
  out.set(body, prefix.length);
  out.set(suffix, prefix.length + body.length);
  return out;
}

/** OP_DUP OP_HASH160 <20-byte key hash> OP_EQUALVERIFY OP_CHECKSIG */
export function p2pkhScript(keyHash: Uint8Array): Uint8Array {
  return framed([OP_DUP, OP_HASH160, 20], keyHash, [OP_EQUALVERIFY, OP_CHECKSIG]);
}

/** OP_HASH160 <20-byte script hash> OP_EQUAL */
export function p2shScript(scriptHash: Uint8Array): Uint8Array {
  return framed([OP_HASH160, 20], scriptHash, [OP_EQUAL]);
}

/** OP_n <program>: witness version 0 (P2WPKH, P2WSH) or 1 (P2TR). */
export function witnessScript(version: 0 | 1, program: Uint8Array): Uint8Array {
  return framed([version === 0 ? OP_0 : OP_1, program.length], program);
}

/** The key hash of a P2PKH script, or null. */
export function p2pkhHash(s: Uint8Array): Uint8Array | null {
  return s.length === 25 && s[0] === OP_DUP && s[1] === OP_HASH160 && s[2] === 20 && s[23] === OP_EQUALVERIFY && s[24] === OP_CHECKSIG
    ? s.subarray(3, 23)
    : null;
}

/** The script hash of a P2SH script, or null. */
export function p2shHash(s: Uint8Array): Uint8Array | null {
  return s.length === 23 && s[0] === OP_HASH160 && s[1] === 20 && s[22] === OP_EQUAL ? s.subarray(2, 22) : null;
}

/** Version and program of a v0 (20 or 32 bytes) or v1 (32 bytes) witness script, or null. */
export function witnessProgram(s: Uint8Array): { version: 0 | 1; program: Uint8Array } | null {
  if (s[0] === OP_0 && ((s.length === 22 && s[1] === 20) || (s.length === 34 && s[1] === 32))) return { version: 0, program: s.subarray(2) };
  if (s.length === 34 && s[0] === OP_1 && s[1] === 32) return { version: 1, program: s.subarray(2) };
  return null;
}
