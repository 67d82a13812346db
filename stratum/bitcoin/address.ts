// Address <-> output script for payouts. Only the five standard, spendable-today types are
// accepted: a block reward sent to a future witness version could never be spent by the miner.
import { bech32, bech32m, createBase58check } from "@scure/base";
import { sha256 } from "@noble/hashes/sha2.js";
import { NETWORK_PARAMS, NETWORKS, type NetworkName } from "./network.ts";
import { p2pkhHash, p2pkhScript, p2shHash, p2shScript, witnessProgram, witnessScript } from "./script.ts";

export type AddressType = "p2pkh" | "p2sh" | "p2wpkh" | "p2wsh" | "p2tr";

export type AddressResult =
  | { ok: true; script: Uint8Array; type: AddressType }
  | { ok: false; reason: string };

const base58check = createBase58check(sha256);

// BIP-173: a segwit address is at most 90 characters.
const BECH32_MAX_LENGTH = 90;
// Longest base58 P2PKH/P2SH address is 35 characters; anything far longer is not an address.
const BASE58_MAX_LENGTH = 40;

function fail(reason: string): AddressResult {
  return { ok: false, reason };
}


/** Which networks use this bech32 hrp (lowercase). */
function networksForHrp(hrp: string): NetworkName[] {
  return NETWORKS.filter((n) => NETWORK_PARAMS[n].hrp === hrp);
}

function segwitToScript(address: string, network: NetworkName): AddressResult {
  if (address.length > BECH32_MAX_LENGTH) return fail(`address longer than ${BECH32_MAX_LENGTH} characters`);
  if (address !== address.toLowerCase() && address !== address.toUpperCase()) {
    return fail("mixed upper and lower case in a bech32 address");
  }
  const lower = address.toLowerCase();
  const sep = lower.lastIndexOf("1");
  const hrp = lower.slice(0, sep);
  const expected = NETWORK_PARAMS[network].hrp;
  if (hrp !== expected) {
    const owners = networksForHrp(hrp);
    return fail(
      owners.length > 0
        ? `address is for ${owners.join("/")}, this pool runs on ${network}`
        : `unknown address prefix "${hrp}"`,
    );
  }
  const asBech32 = bech32.decodeUnsafe(lower, BECH32_MAX_LENGTH);
  const asBech32m = asBech32 ? undefined : bech32m.decodeUnsafe(lower, BECH32_MAX_LENGTH);
  const decoded = asBech32 ?? asBech32m;
  if (!decoded) return fail("bad bech32 checksum or characters");
  const [version, ...programWords] = decoded.words;
  if (version === undefined) return fail("empty witness program");
  if (version > 16) return fail(`invalid witness version ${version}`);
  // BIP-350: version 0 must use bech32, versions 1..16 must use bech32m.
  if (version === 0 && !asBech32) return fail("witness version 0 must use bech32, not bech32m");
  if (version !== 0 && !asBech32m) return fail(`witness version ${version} must use bech32m, not bech32`);
  const program = bech32.fromWordsUnsafe(programWords);
  if (!program) return fail("invalid padding in witness program");
  if (program.length < 2 || program.length > 40) return fail(`witness program of ${program.length} bytes`);
  if (version === 0) {
    if (program.length === 20) return { ok: true, type: "p2wpkh", script: witnessScript(0, program) };
    if (program.length === 32) return { ok: true, type: "p2wsh", script: witnessScript(0, program) };
    return fail(`witness v0 program must be 20 or 32 bytes, got ${program.length}`);
  }
  if (version === 1 && program.length === 32) {
    return { ok: true, type: "p2tr", script: witnessScript(1, program) };
  }
  return fail(`witness version ${version} with a ${program.length}-byte program is not a spendable payout type`);
}

function base58ToScript(address: string, network: NetworkName): AddressResult {
  if (address.length > BASE58_MAX_LENGTH) return fail("address too long");
  let payload: Uint8Array;
  try {
    payload = base58check.decode(address);
  } catch {
    return fail("not a valid bech32 or base58check address (bad characters or checksum)");
  }
  if (payload.length !== 21) return fail(`base58 payload of ${payload.length} bytes, expected 21`);
  const version = payload[0]!;
  const hash = payload.subarray(1);
  const params = NETWORK_PARAMS[network];
  if (version === params.p2pkh) {
    return { ok: true, type: "p2pkh", script: p2pkhScript(hash) };
  }
  if (version === params.p2sh) return { ok: true, type: "p2sh", script: p2shScript(hash) };
  const owners = NETWORKS.filter((n) => NETWORK_PARAMS[n].p2pkh === version || NETWORK_PARAMS[n].p2sh === version);
  return fail(
    owners.length > 0
      ? `address is for ${owners.join("/")}, this pool runs on ${network}`
      : `unknown base58 version byte 0x${version.toString(16).padStart(2, "0")}`,
  );
}

/** Output script paying `address` on `network`, or the reason it cannot be used. Never throws. */
export function addressToScript(address: string, network: NetworkName): AddressResult {
  if (typeof address !== "string" || address.length === 0) return fail("empty address");
  if (address.trim() !== address) return fail("address has surrounding whitespace");
  const lower = address.toLowerCase();
  const sep = lower.lastIndexOf("1");
  // A bech32 string is hrp "1" data; a base58 address has no hrp of a known network in front.
  const hrp = sep > 0 ? lower.slice(0, sep) : "";
  if (hrp !== "" && NETWORKS.some((n) => NETWORK_PARAMS[n].hrp === hrp)) return segwitToScript(address, network);
  return base58ToScript(address, network);
}

/** Standard address for an output script, for display; null when the script is not one of the five payout types. */
export function scriptToAddress(script: Uint8Array, network: NetworkName): string | null {
  const params = NETWORK_PARAMS[network];
  const keyHash = p2pkhHash(script);
  if (keyHash) return base58check.encode(Uint8Array.of(params.p2pkh, ...keyHash));
  const scriptHash = p2shHash(script);
  if (scriptHash) return base58check.encode(Uint8Array.of(params.p2sh, ...scriptHash));
  const w = witnessProgram(script);
  if (w) return (w.version === 0 ? bech32 : bech32m).encode(params.hrp, [w.version, ...bech32.toWords(w.program)], BECH32_MAX_LENGTH);
  return null;
}
