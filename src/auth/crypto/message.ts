// "Sign in with your wallet": checks a message signature against a Bitcoin address the way the
// wallets people use produce them (see the wallet table in the signatures reference):
// 65-byte recoverable ECDSA (Bitcoin Core, BIP-137, Electrum-style segwit) and BIP-322 simple.
import { utf8ToBytes } from "@noble/hashes/utils.js";
import { addressToScript } from "../../../stratum/bitcoin/index.ts";
import { isNetworkName, type NetworkName } from "../../../stratum/bitcoin/index.ts";
import { decodeBase64 } from "./bytes.ts";
import { verifyBip322Simple } from "./bip322.ts";
import { isLegacySignature, LEGACY_SIGNATURE_BYTES, verifyLegacy } from "./legacy.ts";

export type { NetworkName };

export type VerifyMessageInput = {
  address: string;
  message: string;
  signature: string;
  network: NetworkName;
};

export type VerifyMessageResult =
  | { ok: true; method: "bip137" | "legacy-segwit" | "bip322-simple" }
  | { ok: false; reason: string };

/** Sign-in challenges are short; this only stops a hostile caller from hashing megabytes. */
export const MAX_MESSAGE_BYTES = 64 * 1024;
/** A single-key BIP-322 witness is ~150 base64 characters; nothing legitimate comes near this. */
export const MAX_SIGNATURE_CHARS = 4096;

// Latest BIP-322 revision: a signature may start with a 3-letter tag naming its variant. None of
// them can begin a legacy signature (its base64 starts with G–K) or a plausible bare witness.
const PREFIX_SIMPLE = "smp";
const PREFIX_FULL = "ful";
const PREFIX_PROOF_OF_FUNDS = "pof";

/** Never throws: every malformed input comes back as `{ ok: false, reason }`. */
export function verifyMessage(input: VerifyMessageInput): VerifyMessageResult {
  const { address, message, signature, network } = input;
  if (typeof address !== "string" || typeof message !== "string" || typeof signature !== "string") {
    return { ok: false, reason: "address, message and signature must be strings" };
  }
  if (!isNetworkName(network)) return { ok: false, reason: `unknown network ${JSON.stringify(network)}` };
  const decoded = addressToScript(address.trim(), network);
  if (!decoded.ok) return { ok: false, reason: `invalid address: ${decoded.reason}` };

  const messageBytes = utf8ToBytes(message);
  if (messageBytes.length > MAX_MESSAGE_BYTES) return { ok: false, reason: `message longer than ${MAX_MESSAGE_BYTES} bytes` };

  const first = verifyWithMessage(decoded.script, messageBytes, signature.trim());
  if (first.ok) return first;
  // Sparrow trims the message before signing; a challenge with surrounding whitespace must still
  // verify. Only the signature check is retried — format errors stay as reported.
  const trimmed = message.trim();
  if (trimmed !== message && isSignatureMismatch(first.reason)) {
    const second = verifyWithMessage(decoded.script, utf8ToBytes(trimmed), signature.trim());
    if (second.ok) return second;
  }
  return first;
}

function isSignatureMismatch(reason: string): boolean {
  return reason.startsWith("invalid signature") || reason === "signature does not match address";
}

function verifyWithMessage(script: Uint8Array, message: Uint8Array, signature: string): VerifyMessageResult {
  if (signature.length === 0) return { ok: false, reason: "signature too short (empty)" };
  if (signature.length > MAX_SIGNATURE_CHARS) return { ok: false, reason: `signature longer than ${MAX_SIGNATURE_CHARS} characters` };

  const prefix = signature.slice(0, 3);
  if (prefix === PREFIX_FULL || prefix === PREFIX_PROOF_OF_FUNDS) {
    return { ok: false, reason: `BIP-322 ${prefix === PREFIX_FULL ? "full" : "proof-of-funds"} signatures are not supported, only simple` };
  }
  if (prefix === PREFIX_SIMPLE) {
    const witness = decodeBase64(signature.slice(3));
    if (!witness) return { ok: false, reason: "error decoding signature as base64" };
    return verifyBip322Simple(script, message, witness);
  }

  const bytes = decodeBase64(signature);
  if (!bytes) return { ok: false, reason: "error decoding signature as base64" };
  if (isLegacySignature(bytes)) return verifyLegacy(script, message, bytes);
  // No single-key witness is 65 bytes long, so this is a legacy signature with a bad header.
  if (bytes.length === LEGACY_SIGNATURE_BYTES) {
    return { ok: false, reason: `invalid signature: header byte ${bytes[0]} outside 27-42` };
  }
  return verifyBip322Simple(script, message, bytes);
}
