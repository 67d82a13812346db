// Hash primitives shared by the message-signature verifiers, plus the one-time wiring of
// @noble/secp256k1's synchronous hash hooks (the library ships without them so that it stays
// dependency-free; every sync sign/verify/recover call needs `hashes.sha256`).
import * as secp from "@noble/secp256k1";
import { hmac } from "@noble/hashes/hmac.js";
import { ripemd160 } from "@noble/hashes/legacy.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { concatBytes, utf8ToBytes } from "@noble/hashes/utils.js";

// Idempotent: other modules may install the same functions; noble only needs them set.
secp.hashes.sha256 ??= sha256;
secp.hashes.hmacSha256 ??= (key: Uint8Array, msg: Uint8Array) => hmac(sha256, key, msg);

export { sha256 };

export function sha256d(data: Uint8Array): Uint8Array {
  return sha256(sha256(data));
}

/** RIPEMD160(SHA256(x)): the key/script hash inside P2PKH, P2SH and P2WPKH outputs. */
export function hash160(data: Uint8Array): Uint8Array {
  return ripemd160(sha256(data));
}

const tagPrefixes = new Map<string, Uint8Array>();

/** BIP-340 tagged hash: SHA256(SHA256(tag) || SHA256(tag) || data). */
export function taggedHash(tag: string, ...data: Uint8Array[]): Uint8Array {
  let prefix = tagPrefixes.get(tag);
  if (!prefix) {
    const t = sha256(utf8ToBytes(tag));
    prefix = concatBytes(t, t);
    tagPrefixes.set(tag, prefix);
  }
  return sha256(concatBytes(prefix, ...data));
}
