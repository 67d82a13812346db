import { describe, expect, test } from "bun:test";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import bitcoinjs from "./fixtures/bitcoinjs-message-fixtures.json";
import {
  HEADER_P2PKH_COMPRESSED,
  HEADER_P2PKH_UNCOMPRESSED,
  HEADER_P2SH_P2WPKH,
  HEADER_P2WPKH,
  isLegacySignature,
  legacyMessageHash,
  verifyLegacy,
} from "./legacy.ts";
import { keyScripts, SECRET_A, SECRET_B, signLegacy } from "./testkit.ts";

test("message hash matches bitcoinjs-message's magicHash vectors", () => {
  for (const v of bitcoinjs.magicHash) {
    expect(bytesToHex(legacyMessageHash(utf8ToBytes(v.message)))).toBe(v.magicHash);
  }
});

test("message hash length prefix is a CompactSize past 252 bytes", () => {
  // 253 bytes need the 0xfd form; a one-byte length would collide with a different message.
  const long = utf8ToBytes("x".repeat(253));
  const { sig } = signLegacy(SECRET_A, long, HEADER_P2PKH_COMPRESSED);
  expect(verifyLegacy(keyScripts(SECRET_A).p2pkh, long, sig)).toEqual({ ok: true, method: "bip137" });
});

type Family = keyof ReturnType<typeof keyScripts>;
const FAMILIES: Family[] = ["p2pkhUncompressed", "p2pkh", "p2shP2wpkh", "p2wpkh"];

/** Which address types each header family must verify for, and under which method name. */
const ACCEPTS: Record<number, Partial<Record<Family, "bip137" | "legacy-segwit">>> = {
  [HEADER_P2PKH_UNCOMPRESSED]: { p2pkhUncompressed: "bip137" },
  [HEADER_P2PKH_COMPRESSED]: { p2pkh: "bip137", p2shP2wpkh: "legacy-segwit", p2wpkh: "legacy-segwit" },
  [HEADER_P2SH_P2WPKH]: { p2shP2wpkh: "bip137" },
  [HEADER_P2WPKH]: { p2wpkh: "bip137" },
};

/** Deterministic signatures (RFC 6979) over numbered messages until both recovery ids 0 and 1 occur. */
function messagesForEachRecoveryId(): Map<number, Uint8Array> {
  const found = new Map<number, Uint8Array>();
  for (let i = 0; found.size < 2 && i < 64; i++) {
    const m = utf8ToBytes(`challenge ${i}`);
    const { recovery } = signLegacy(SECRET_A, m, 0);
    if (!found.has(recovery)) found.set(recovery, m);
  }
  return found;
}

describe("every header 27–42 with our own key", () => {
  const scripts = keyScripts(SECRET_A);
  const byRecovery = messagesForEachRecoveryId();

  test("both recovery ids occur", () => {
    expect([...byRecovery.keys()].sort()).toEqual([0, 1]);
  });

  for (const base of [HEADER_P2PKH_UNCOMPRESSED, HEADER_P2PKH_COMPRESSED, HEADER_P2SH_P2WPKH, HEADER_P2WPKH]) {
    for (const [recovery, message] of byRecovery) {
      test(`header ${base + recovery}: accepted exactly for ${Object.keys(ACCEPTS[base]!).join(", ")}`, () => {
        const { sig } = signLegacy(SECRET_A, message, base);
        expect(sig[0]).toBe(base + recovery);
        expect(isLegacySignature(sig)).toBe(true);
        for (const family of FAMILIES) {
          const method = ACCEPTS[base]![family];
          const result = verifyLegacy(scripts[family], message, sig);
          expect(result).toEqual(method ? { ok: true, method } : { ok: false, reason: "signature does not match address" });
        }
      });
    }

    // Recovery ids 2 and 3 mean r ≥ n, which honest signing essentially never produces; a real
    // signature relabelled with them must fail cleanly rather than verify or throw.
    test(`headers ${base + 2} and ${base + 3}: a relabelled signature is rejected`, () => {
      const [recovery, message] = [...byRecovery][0]!;
      const { sig } = signLegacy(SECRET_A, message, base);
      for (const rec of [2, 3]) {
        const relabelled = sig.slice();
        relabelled[0] = base + rec;
        expect(relabelled[0]).not.toBe(base + recovery);
        for (const family of FAMILIES) expect(verifyLegacy(scripts[family], message, relabelled).ok).toBe(false);
      }
    });
  }

  test("flipping the recovery id recovers another key, which does not match", () => {
    const [recovery, message] = [...byRecovery][0]!;
    const { sig } = signLegacy(SECRET_A, message, HEADER_P2WPKH);
    sig[0] = HEADER_P2WPKH + (recovery ^ 1);
    expect(verifyLegacy(scripts.p2wpkh, message, sig)).toEqual({ ok: false, reason: "signature does not match address" });
  });

  test("a valid signature for another key does not match the address", () => {
    const message = utf8ToBytes("challenge");
    for (const base of [HEADER_P2PKH_COMPRESSED, HEADER_P2SH_P2WPKH, HEADER_P2WPKH]) {
      const { sig } = signLegacy(SECRET_B, message, base);
      for (const family of FAMILIES) {
        expect(verifyLegacy(scripts[family], message, sig)).toEqual({ ok: false, reason: "signature does not match address" });
      }
    }
  });

  test("r or s out of range returns an error value", () => {
    const message = utf8ToBytes("challenge");
    const zeros = new Uint8Array(65);
    zeros[0] = HEADER_P2PKH_COMPRESSED;
    expect(verifyLegacy(scripts.p2pkh, message, zeros)).toEqual({
      ok: false,
      reason: "invalid signature: no public key recovers from it",
    });
    const ones = new Uint8Array(65).fill(0xff);
    ones[0] = HEADER_P2WPKH;
    expect(verifyLegacy(scripts.p2wpkh, message, ones).ok).toBe(false);
  });
});

test("headers outside 27–42 and other lengths are not legacy signatures", () => {
  const sig = new Uint8Array(65);
  for (const header of [0, 26, 43, 255]) {
    sig[0] = header;
    expect(isLegacySignature(sig)).toBe(false);
  }
  sig[0] = 31;
  expect(isLegacySignature(sig)).toBe(true);
  expect(isLegacySignature(sig.subarray(0, 64))).toBe(false);
});
