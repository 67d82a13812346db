// The 65-byte "Bitcoin Signed Message" signature (Bitcoin Core signmessage, BIP-137 and the
// Electrum/Ledger/Sparrow variants): recover the signer's key and compare output scripts.
import * as secp from "@noble/secp256k1";
import { concatBytes, utf8ToBytes } from "@noble/hashes/utils.js";
import { compactSize } from "./bytes.ts";
import { hash160, sha256d } from "./hashes.ts";
import { bytesEqual, p2pkhScript, p2shP2wpkhScript, p2wpkhScript } from "./scripts.ts";

/** 0x18 is the length of "Bitcoin Signed Message:\n", itself serialized as a CompactSize. */
const MESSAGE_MAGIC = utf8ToBytes("\x18Bitcoin Signed Message:\n");

export const LEGACY_SIGNATURE_BYTES = 65;

/** BIP-137 header ranges: the header is the recovery id (0–3) plus one of these bases. */
export const HEADER_P2PKH_UNCOMPRESSED = 27;
export const HEADER_P2PKH_COMPRESSED = 31;
export const HEADER_P2SH_P2WPKH = 35;
export const HEADER_P2WPKH = 39;
export const HEADER_MAX = 42;

export type LegacyResult =
  | { ok: true; method: "bip137" | "legacy-segwit" }
  | { ok: false; reason: string };

export function legacyMessageHash(message: Uint8Array): Uint8Array {
  return sha256d(concatBytes(MESSAGE_MAGIC, compactSize(message.length), message));
}

export function isLegacySignature(sig: Uint8Array): boolean {
  const header = sig[0];
  return (
    sig.length === LEGACY_SIGNATURE_BYTES &&
    header !== undefined &&
    header >= HEADER_P2PKH_UNCOMPRESSED &&
    header <= HEADER_MAX
  );
}

/**
 * Verifies a 65-byte signature against the output script of the claimed address.
 * The caller has checked `isLegacySignature(sig)`.
 */
export function verifyLegacy(addressScript: Uint8Array, message: Uint8Array, sig: Uint8Array): LegacyResult {
  const header = sig[0]!;
  const recovery = (header - HEADER_P2PKH_UNCOMPRESSED) & 3;
  const compressed = header >= HEADER_P2PKH_COMPRESSED;
  const recovered = recoverKey(sig, recovery, legacyMessageHash(message), compressed);
  if (!recovered) return { ok: false, reason: "invalid signature: no public key recovers from it" };
  const keyHash = hash160(recovered);

  if (header < HEADER_P2PKH_COMPRESSED) {
    return bytesEqual(addressScript, p2pkhScript(keyHash)) ? { ok: true, method: "bip137" } : mismatch();
  }
  if (header < HEADER_P2SH_P2WPKH) {
    if (bytesEqual(addressScript, p2pkhScript(keyHash))) return { ok: true, method: "bip137" };
    // Electrum, Ledger Live and Sparrow (default) sign segwit addresses with the P2PKH compressed
    // header; the recovered compressed key still pins the address down.
    if (bytesEqual(addressScript, p2wpkhScript(keyHash)) || bytesEqual(addressScript, p2shP2wpkhScript(keyHash))) {
      return { ok: true, method: "legacy-segwit" };
    }
    return mismatch();
  }
  const expected = header < HEADER_P2WPKH ? p2shP2wpkhScript(keyHash) : p2wpkhScript(keyHash);
  return bytesEqual(addressScript, expected) ? { ok: true, method: "bip137" } : mismatch();
}

function mismatch(): LegacyResult {
  return { ok: false, reason: "signature does not match address" };
}

function recoverKey(sig: Uint8Array, recovery: number, digest: Uint8Array, compressed: boolean): Uint8Array | null {
  const recoverable = concatBytes(Uint8Array.of(recovery), sig.subarray(1));
  try {
    return secp.recoverPublicKey(recoverable, digest, { prehash: false, isCompressed: compressed });
  } catch {
    // r or s out of range, or r is not the x-coordinate of a curve point for this recovery id.
    return null;
  }
}
