// Output-script templates for a public key hash. Addresses are compared as scriptPubKeys (from the
// shared address decoder), never as strings, so every network and encoding case is handled once.
import { concatBytes } from "@noble/hashes/utils.js";
import { hash160 } from "./hashes.ts";

const OP_0 = 0x00;
const OP_DUP = 0x76;
const OP_HASH160 = 0xa9;
const OP_EQUAL = 0x87;
const OP_EQUALVERIFY = 0x88;
const OP_CHECKSIG = 0xac;
const PUSH_20 = 0x14;

export function p2pkhScript(keyHash: Uint8Array): Uint8Array {
  return concatBytes(Uint8Array.of(OP_DUP, OP_HASH160, PUSH_20), keyHash, Uint8Array.of(OP_EQUALVERIFY, OP_CHECKSIG));
}

export function p2wpkhScript(keyHash: Uint8Array): Uint8Array {
  return concatBytes(Uint8Array.of(OP_0, PUSH_20), keyHash);
}

/** P2SH wrapping of P2WPKH: the redeem script is the P2WPKH program itself. */
export function p2shP2wpkhScript(keyHash: Uint8Array): Uint8Array {
  return concatBytes(Uint8Array.of(OP_HASH160, PUSH_20), hash160(p2wpkhScript(keyHash)), Uint8Array.of(OP_EQUAL));
}

/** The 20-byte program of a P2WPKH scriptPubKey (OP_0 PUSH20 <hash>), or null for anything else. */
export function p2wpkhProgram(script: Uint8Array): Uint8Array | null {
  return script.length === 22 && script[0] === OP_0 && script[1] === PUSH_20 ? script.subarray(2) : null;
}

const OP_1 = 0x51;
const PUSH_32 = 0x20;

/** The 32-byte x-only output key of a P2TR scriptPubKey (OP_1 PUSH32 <key>), or null. */
export function p2trOutputKey(script: Uint8Array): Uint8Array | null {
  return script.length === 34 && script[0] === OP_1 && script[1] === PUSH_32 ? script.subarray(2) : null;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
