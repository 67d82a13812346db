// Output scripts of a public key hash, for signed-message checks. Addresses are compared as
// scriptPubKeys (from the shared address decoder), never as strings, so every network and
// encoding case is handled once; the templates themselves live with the pool's Script code.
import { p2pkhScript, p2shScript, witnessProgram, witnessScript } from "../../../stratum/bitcoin/index.ts";
import { hash160 } from "./hashes.ts";

export { p2pkhScript };

export function p2wpkhScript(keyHash: Uint8Array): Uint8Array {
  return witnessScript(0, keyHash);
}

/** P2SH wrapping of P2WPKH: the redeem script is the P2WPKH program itself. */
export function p2shP2wpkhScript(keyHash: Uint8Array): Uint8Array {
  return p2shScript(hash160(p2wpkhScript(keyHash)));
}

/** The 20-byte program of a P2WPKH scriptPubKey, or null for anything else. */
export function p2wpkhProgram(script: Uint8Array): Uint8Array | null {
  const w = witnessProgram(script);
  return w !== null && w.version === 0 && w.program.length === 20 ? w.program : null;
}

/** The 32-byte x-only output key of a P2TR scriptPubKey, or null. */
export function p2trOutputKey(script: Uint8Array): Uint8Array | null {
  const w = witnessProgram(script);
  return w !== null && w.version === 1 ? w.program : null;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
