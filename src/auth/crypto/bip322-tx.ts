// The two virtual transactions of BIP-322 and the signature hashes of their one input.
// Only the "simple" shape exists here: to_sign has version 0, locktime 0, one input spending
// to_spend:0 with nSequence 0, and one OP_RETURN output of value 0.
import { concatBytes, utf8ToBytes } from "@noble/hashes/utils.js";
import { compactSize, u32le, ZERO_AMOUNT } from "./bytes.ts";
import { sha256, sha256d, taggedHash } from "./hashes.ts";

const MESSAGE_TAG = "BIP0322-signed-message";
const OP_0 = 0x00;
const PUSH_32 = 0x20;
const OP_RETURN = 0x6a;
const NULL_TXID = new Uint8Array(32);
const NULL_INDEX = 0xffffffff;
const VERSION = u32le(0);
const LOCKTIME = u32le(0);
const SEQUENCE = u32le(0);
const SPENT_INDEX = u32le(0);
/** to_sign's only output: value 0, scriptPubKey OP_RETURN. */
const TO_SIGN_OUTPUT = concatBytes(ZERO_AMOUNT, compactSize(1), Uint8Array.of(OP_RETURN));

export function bip322MessageHash(message: Uint8Array | string): Uint8Array {
  return taggedHash(MESSAGE_TAG, typeof message === "string" ? utf8ToBytes(message) : message);
}

/** txid of to_spend in internal byte order (the order it is referenced by to_sign's prevout). */
export function toSpendTxid(messageHash: Uint8Array, scriptPubKey: Uint8Array): Uint8Array {
  const scriptSig = concatBytes(Uint8Array.of(OP_0, PUSH_32), messageHash);
  return sha256d(
    concatBytes(
      VERSION,
      compactSize(1),
      NULL_TXID,
      u32le(NULL_INDEX),
      compactSize(scriptSig.length),
      scriptSig,
      SEQUENCE,
      compactSize(1),
      ZERO_AMOUNT,
      compactSize(scriptPubKey.length),
      scriptPubKey,
      LOCKTIME,
    ),
  );
}

/** txid of to_sign (witness excluded, so it does not depend on the signature). */
export function toSignTxid(toSpend: Uint8Array): Uint8Array {
  return sha256d(
    concatBytes(
      VERSION,
      compactSize(1),
      toSpend,
      SPENT_INDEX,
      compactSize(0),
      SEQUENCE,
      compactSize(1),
      TO_SIGN_OUTPUT,
      LOCKTIME,
    ),
  );
}

export const SIGHASH_DEFAULT = 0x00;
export const SIGHASH_ALL = 0x01;

/** BIP-143 digest for to_sign's input spending a P2WPKH output with key hash `keyHash`. */
export function segwitV0Sighash(toSpend: Uint8Array, keyHash: Uint8Array): Uint8Array {
  const outpoint = concatBytes(toSpend, SPENT_INDEX);
  // BIP-143: the scriptCode of P2WPKH is the P2PKH script of the same key hash.
  const scriptCode = concatBytes(Uint8Array.of(0x19, 0x76, 0xa9, 0x14), keyHash, Uint8Array.of(0x88, 0xac));
  return sha256d(
    concatBytes(
      VERSION,
      sha256d(outpoint),
      sha256d(SEQUENCE),
      outpoint,
      scriptCode,
      ZERO_AMOUNT,
      SEQUENCE,
      sha256d(TO_SIGN_OUTPUT),
      LOCKTIME,
      u32le(SIGHASH_ALL),
    ),
  );
}

/**
 * BIP-341 key-path digest for to_sign's input spending the P2TR output `scriptPubKey`,
 * hash type SIGHASH_DEFAULT or SIGHASH_ALL (both commit to every input and output).
 */
export function taprootKeySighash(toSpend: Uint8Array, scriptPubKey: Uint8Array, hashType: number): Uint8Array {
  const EPOCH = 0x00;
  const SPEND_TYPE_KEY_PATH_NO_ANNEX = 0x00;
  return taggedHash(
    "TapSighash",
    Uint8Array.of(EPOCH, hashType),
    VERSION,
    LOCKTIME,
    sha256(concatBytes(toSpend, SPENT_INDEX)),
    sha256(ZERO_AMOUNT),
    sha256(concatBytes(compactSize(scriptPubKey.length), scriptPubKey)),
    sha256(SEQUENCE),
    sha256(TO_SIGN_OUTPUT),
    Uint8Array.of(SPEND_TYPE_KEY_PATH_NO_ANNEX),
    u32le(0),
  );
}
