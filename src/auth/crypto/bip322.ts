// BIP-322 "simple" signatures: a consensus-encoded witness stack that spends the to_spend output
// locked to the address's scriptPubKey. Verified here without a script interpreter for the two
// single-key templates wallets actually use: P2WPKH (ECDSA, BIP-143) and P2TR key path
// (Schnorr, BIP-341). Everything else is reported as unsupported rather than guessed at.
import * as secp from "@noble/secp256k1";
import { ByteReader } from "./bytes.ts";
import { parseDerSignature } from "./der.ts";
import { hash160 } from "./hashes.ts";
import {
  bip322MessageHash,
  segwitV0Sighash,
  SIGHASH_ALL,
  SIGHASH_DEFAULT,
  taprootKeySighash,
  toSpendTxid,
} from "./bip322-tx.ts";
import { bytesEqual, p2trOutputKey, p2wpkhProgram } from "./scripts.ts";

export type Bip322Result = { ok: true; method: "bip322-simple" } | { ok: false; reason: string };

/** Far above any single-key witness; bounds the work a hostile signature can ask for. */
const MAX_WITNESS_ITEMS = 64;
const COMPRESSED_PUBKEY_BYTES = 33;
const SCHNORR_SIGNATURE_BYTES = 64;

/** Consensus-encoded witness stack (CompactSize count, then CompactSize-prefixed items). */
export function decodeWitness(bytes: Uint8Array): Uint8Array[] | null {
  const reader = new ByteReader(bytes);
  const count = reader.compactSize();
  if (count === null || count > MAX_WITNESS_ITEMS) return null;
  const items: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const len = reader.compactSize();
    if (len === null) return null;
    const item = reader.bytes(len);
    if (!item) return null;
    items.push(item);
  }
  return reader.remaining === 0 ? items : null;
}

export function verifyBip322Simple(scriptPubKey: Uint8Array, message: Uint8Array, witnessBytes: Uint8Array): Bip322Result {
  const keyHash = p2wpkhProgram(scriptPubKey);
  const outputKey = keyHash ? null : p2trOutputKey(scriptPubKey);
  if (!keyHash && !outputKey) return { ok: false, reason: "unsupported address type for BIP-322 simple" };

  const witness = decodeWitness(witnessBytes);
  if (!witness) return { ok: false, reason: "invalid signature: not a serialized witness stack" };
  const toSpend = toSpendTxid(bip322MessageHash(message), scriptPubKey);
  return keyHash ? verifyP2wpkh(witness, keyHash, toSpend) : verifyP2trKeyPath(witness, outputKey!, scriptPubKey, toSpend);
}

function verifyP2wpkh(witness: Uint8Array[], keyHash: Uint8Array, toSpend: Uint8Array): Bip322Result {
  if (witness.length !== 2) return { ok: false, reason: "invalid signature: P2WPKH witness must hold a signature and a key" };
  const [sigBytes, pubkey] = witness as [Uint8Array, Uint8Array];
  // Segwit v0 policy (and BIP-322's STRICTENC) only admits compressed keys.
  if (pubkey.length !== COMPRESSED_PUBKEY_BYTES || (pubkey[0] !== 0x02 && pubkey[0] !== 0x03)) {
    return { ok: false, reason: "invalid signature: witness key is not a compressed public key" };
  }
  if (!bytesEqual(hash160(pubkey), keyHash)) return { ok: false, reason: "signature does not match address" };
  const sig = parseDerSignature(sigBytes);
  if (!sig) return { ok: false, reason: "invalid signature: not strict DER" };
  if (sig.hashType !== SIGHASH_ALL) return { ok: false, reason: "invalid signature: BIP-322 requires SIGHASH_ALL" };
  // lowS: BIP-322 lists LOW_S among its required rules.
  const valid = secp.verify(sig.compact, segwitV0Sighash(toSpend, keyHash), pubkey, { prehash: false, lowS: true });
  return valid ? { ok: true, method: "bip322-simple" } : { ok: false, reason: "invalid signature" };
}

function verifyP2trKeyPath(
  witness: Uint8Array[],
  outputKey: Uint8Array,
  scriptPubKey: Uint8Array,
  toSpend: Uint8Array,
): Bip322Result {
  // A key-path spend is one element; more elements mean an annex or a script path.
  if (witness.length !== 1) return { ok: false, reason: "invalid signature: only P2TR key-path spends are supported" };
  const item = witness[0]!;
  let hashType: number;
  if (item.length === SCHNORR_SIGNATURE_BYTES) hashType = SIGHASH_DEFAULT;
  else if (item.length === SCHNORR_SIGNATURE_BYTES + 1 && item[SCHNORR_SIGNATURE_BYTES] === SIGHASH_ALL) hashType = SIGHASH_ALL;
  else return { ok: false, reason: "invalid signature: Schnorr signature must be 64 bytes or 65 with SIGHASH_ALL" };
  // The witness program of P2TR is the tweaked output key itself, so no tweak is recomputed.
  const digest = taprootKeySighash(toSpend, scriptPubKey, hashType);
  const valid = secp.schnorr.verify(item.subarray(0, SCHNORR_SIGNATURE_BYTES), digest, outputKey);
  return valid ? { ok: true, method: "bip322-simple" } : { ok: false, reason: "invalid signature" };
}
