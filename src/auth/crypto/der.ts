// Strict DER (BIP-66) for ECDSA signatures inside a witness; BIP-322 requires STRICTENC.

/**
 * Parses `DER || hashtype` exactly as Bitcoin Core's IsValidSignatureEncoding accepts it and
 * returns the 64-byte compact (r || s) form plus the hash type, or null when not strictly encoded.
 */
export function parseDerSignature(sig: Uint8Array): { compact: Uint8Array; hashType: number } | null {
  // 0x30 len 0x02 lenR R 0x02 lenS S hashtype: at least 9 bytes, at most 73.
  if (sig.length < 9 || sig.length > 73) return null;
  if (sig[0] !== 0x30 || sig[1] !== sig.length - 3) return null;
  const lenR = sig[3]!;
  if (5 + lenR >= sig.length) return null;
  const lenS = sig[5 + lenR]!;
  if (lenR + lenS + 7 !== sig.length) return null;
  if (sig[2] !== 0x02 || lenR === 0 || sig[4]! & 0x80) return null;
  if (lenR > 1 && sig[4] === 0x00 && !(sig[5]! & 0x80)) return null;
  if (sig[lenR + 4] !== 0x02 || lenS === 0 || sig[lenR + 6]! & 0x80) return null;
  if (lenS > 1 && sig[lenR + 6] === 0x00 && !(sig[lenR + 7]! & 0x80)) return null;

  const r = toScalar32(sig.subarray(4, 4 + lenR));
  const s = toScalar32(sig.subarray(6 + lenR, 6 + lenR + lenS));
  if (!r || !s) return null;
  const compact = new Uint8Array(64);
  compact.set(r, 0);
  compact.set(s, 32);
  return { compact, hashType: sig[sig.length - 1]! };
}

/** A minimally encoded positive DER integer as 32 big-endian bytes; null when it needs more. */
function toScalar32(int: Uint8Array): Uint8Array | null {
  const trimmed = int[0] === 0x00 ? int.subarray(1) : int;
  if (trimmed.length > 32) return null;
  const out = new Uint8Array(32);
  out.set(trimmed, 32 - trimmed.length);
  return out;
}
