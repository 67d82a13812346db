// Signing helpers for the verifier tests: they produce signatures the way wallets do, with keys the
// tests choose, to cover header ranges and witness shapes the published vectors leave out.
import * as secp from "@noble/secp256k1";
import { base64 } from "@scure/base";
import { concatBytes } from "@noble/hashes/utils.js";
import { compactSize } from "./bytes.ts";
import { hash160 } from "./hashes.ts";
import { legacyMessageHash } from "./legacy.ts";
import { bip322MessageHash, segwitV0Sighash, taprootKeySighash, toSpendTxid } from "./bip322-tx.ts";
import { p2pkhScript, p2shP2wpkhScript, p2wpkhScript } from "./scripts.ts";

export const SECRET_A = secp.etc.hexToBytes("0101010101010101010101010101010101010101010101010101010101010101");
export const SECRET_B = secp.etc.hexToBytes("0202020202020202020202020202020202020202020202020202020202020202");

export function keyScripts(secret: Uint8Array) {
  const compressed = hash160(secp.getPublicKey(secret, true));
  return {
    p2pkhUncompressed: p2pkhScript(hash160(secp.getPublicKey(secret, false))),
    p2pkh: p2pkhScript(compressed),
    p2shP2wpkh: p2shP2wpkhScript(compressed),
    p2wpkh: p2wpkhScript(compressed),
  };
}

/** 65-byte legacy signature: header = base + recovery id, then r || s. */
export function signLegacy(secret: Uint8Array, message: Uint8Array, headerBase: number): { sig: Uint8Array; recovery: number } {
  const rec = secp.sign(legacyMessageHash(message), secret, { prehash: false, format: "recovered" });
  const recovery = rec[0]!;
  return { sig: concatBytes(Uint8Array.of(headerBase + recovery), rec.subarray(1)), recovery };
}

export function toBase64(bytes: Uint8Array): string {
  return base64.encode(bytes);
}

/** DER-encodes a compact (r || s) signature, minimal integers, as wallets put it in a witness. */
export function derEncode(compact: Uint8Array): Uint8Array {
  const int = (b: Uint8Array) => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    const v = b.subarray(i);
    return v[0]! & 0x80 ? concatBytes(Uint8Array.of(0), v) : v;
  };
  const r = int(compact.subarray(0, 32));
  const s = int(compact.subarray(32));
  const body = concatBytes(Uint8Array.of(0x02, r.length), r, Uint8Array.of(0x02, s.length), s);
  return concatBytes(Uint8Array.of(0x30, body.length), body);
}

export function encodeWitness(items: Uint8Array[]): Uint8Array {
  return concatBytes(compactSize(items.length), ...items.flatMap((i) => [compactSize(i.length), i]));
}

/** BIP-322 simple witness for a P2WPKH address of `secret`, with a chosen hash-type byte. */
export function signBip322P2wpkh(
  secret: Uint8Array,
  message: Uint8Array,
  opts: { hashType?: number; lowS?: boolean } = {},
): Uint8Array {
  const pubkey = secp.getPublicKey(secret, true);
  const keyHash = hash160(pubkey);
  const toSpend = toSpendTxid(bip322MessageHash(message), p2wpkhScript(keyHash));
  const compact = secp.sign(segwitV0Sighash(toSpend, keyHash), secret, { prehash: false, lowS: opts.lowS ?? true });
  return encodeWitness([concatBytes(derEncode(compact), Uint8Array.of(opts.hashType ?? 0x01)), pubkey]);
}

/** Negates s (s → n − s): still a valid ECDSA signature, but high-S. */
export function toHighS(compact: Uint8Array): Uint8Array {
  const n = secp.Point.CURVE().n;
  const s = secp.etc.bytesToNumberBE(compact.subarray(32));
  return concatBytes(compact.subarray(0, 32), secp.etc.numberToBytesBE(n - s));
}

/**
 * P2TR key-path script and BIP-322 witness for the x-only key of `secret`. The verifier treats
 * the witness program as the output key, so signing with the untweaked key exercises it fully.
 */
export function signBip322P2tr(secret: Uint8Array, message: Uint8Array, hashTypeByte?: number) {
  const xonly = secp.schnorr.getPublicKey(secret);
  const script = concatBytes(Uint8Array.of(0x51, 0x20), xonly);
  const toSpend = toSpendTxid(bip322MessageHash(message), script);
  const sig = secp.schnorr.sign(taprootKeySighash(toSpend, script, hashTypeByte ?? 0x00), secret);
  const item = hashTypeByte === undefined ? sig : concatBytes(sig, Uint8Array.of(hashTypeByte));
  return { script, witness: encodeWitness([item]) };
}
