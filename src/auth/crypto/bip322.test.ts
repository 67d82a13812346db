import { describe, expect, test } from "bun:test";
import { bytesToHex, concatBytes, utf8ToBytes } from "@noble/hashes/utils.js";
import { addressToScript } from "../../../stratum/bitcoin/index.ts";
import { bip322MessageHash, segwitV0Sighash, toSignTxid, toSpendTxid } from "./bip322-tx.ts";
import { decodeWitness, verifyBip322Simple } from "./bip322.ts";
import { parseDerSignature } from "./der.ts";
import basic from "./fixtures/bip322-basic-test-vectors.json";
import { p2wpkhScript } from "./scripts.ts";
import {
  derEncode,
  encodeWitness,
  SECRET_A,
  SECRET_B,
  signBip322P2tr,
  signBip322P2wpkh,
  toHighS,
} from "./testkit.ts";
import * as secp from "@noble/secp256k1";
import { hash160 } from "./hashes.ts";

/** txids are displayed byte-reversed relative to their hash. */
const displayed = (txid: Uint8Array) => bytesToHex(txid.slice().reverse());

function scriptOf(address: string): Uint8Array {
  const r = addressToScript(address, "mainnet");
  if (!r.ok) throw new Error(r.reason);
  return r.script;
}

describe("BIP-322 virtual transactions (official tx_hashes vectors)", () => {
  for (const v of basic.tx_hashes) {
    test(`message ${JSON.stringify(v.message)}`, () => {
      const messageHash = bip322MessageHash(v.message);
      expect(bytesToHex(messageHash)).toBe(v.message_hash);
      const toSpend = toSpendTxid(messageHash, scriptOf(v.address));
      expect(displayed(toSpend)).toBe(v.to_spend_tx_hash);
      expect(displayed(toSignTxid(toSpend))).toBe(v.to_sign_tx_hash);
    });
  }
});

describe("witness stack decoding", () => {
  test("round-trips items", () => {
    const items = [new Uint8Array(0), Uint8Array.of(1, 2, 3), new Uint8Array(300).fill(7)];
    const decoded = decodeWitness(encodeWitness(items));
    expect(decoded?.map(bytesToHex)).toEqual(items.map(bytesToHex));
  });

  test("rejects truncation, trailing bytes and non-canonical sizes", () => {
    const good = encodeWitness([Uint8Array.of(1, 2, 3)]);
    expect(decodeWitness(good.subarray(0, good.length - 1))).toBeNull();
    expect(decodeWitness(concatBytes(good, Uint8Array.of(0)))).toBeNull();
    expect(decodeWitness(new Uint8Array(0))).toBeNull();
    // count 1 written as 0xfd 0x01 0x00 is non-canonical, as is a 2-byte size below 0xfd.
    expect(decodeWitness(Uint8Array.of(0xfd, 0x01, 0x00, 0x00))).toBeNull();
    expect(decodeWitness(Uint8Array.of(0x01, 0xfd, 0x03, 0x00, 1, 2, 3))).toBeNull();
    // An absurd item count or length must not allocate or loop: it is simply malformed.
    expect(decodeWitness(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff))).toBeNull();
    expect(decodeWitness(Uint8Array.of(0x01, 0xfe, 0xff, 0xff, 0xff, 0x7f))).toBeNull();
  });
});

describe("strict DER", () => {
  const compact = secp.sign(new Uint8Array(32).fill(9), SECRET_A, { prehash: false });
  const der = concatBytes(derEncode(compact), Uint8Array.of(0x01));

  test("parses a wallet-produced signature back to r || s and the hash type", () => {
    const parsed = parseDerSignature(der);
    expect(parsed && bytesToHex(parsed.compact)).toBe(bytesToHex(compact));
    expect(parsed?.hashType).toBe(1);
  });

  test("rejects non-minimal, negative, and mis-sized encodings", () => {
    const padded = der.slice();
    padded[1] = padded[1]! + 1; // total length no longer matches
    expect(parseDerSignature(padded)).toBeNull();
    expect(parseDerSignature(der.subarray(0, 8))).toBeNull();
    // r with a superfluous leading zero byte in front of its minimal encoding
    const lenR = der[3]!;
    const r = der.subarray(4, 4 + lenR);
    const rest = der.subarray(4 + lenR, der.length - 1);
    const body = concatBytes(Uint8Array.of(0x02, lenR + 1, 0x00), r, rest);
    expect(parseDerSignature(concatBytes(Uint8Array.of(0x30, body.length), body, Uint8Array.of(1)))).toBeNull();
    // wrong outer tag
    const badTag = der.slice();
    badTag[0] = 0x31;
    expect(parseDerSignature(badTag)).toBeNull();
  });
});

describe("P2WPKH simple signatures made with our own keys", () => {
  const message = utf8ToBytes("Sign in to The Bitcoin Game: nonce 42");
  const script = p2wpkhScript(hash160(secp.getPublicKey(SECRET_A, true)));

  test("a SIGHASH_ALL signature verifies; the same witness fails for another message", () => {
    const witness = signBip322P2wpkh(SECRET_A, message);
    expect(verifyBip322Simple(script, message, witness)).toEqual({ ok: true, method: "bip322-simple" });
    expect(verifyBip322Simple(script, utf8ToBytes("other"), witness)).toEqual({ ok: false, reason: "invalid signature" });
  });

  test("another key's witness does not match the address", () => {
    const witness = signBip322P2wpkh(SECRET_B, message);
    expect(verifyBip322Simple(script, message, witness)).toEqual({ ok: false, reason: "signature does not match address" });
  });

  test("hash types other than SIGHASH_ALL are rejected", () => {
    for (const hashType of [0x00, 0x02, 0x03, 0x81]) {
      const r = verifyBip322Simple(script, message, signBip322P2wpkh(SECRET_A, message, { hashType }));
      expect(r).toEqual({ ok: false, reason: "invalid signature: BIP-322 requires SIGHASH_ALL" });
    }
  });

  test("high-S signatures are rejected (LOW_S is a required rule)", () => {
    const witness = decodeWitness(signBip322P2wpkh(SECRET_A, message))!;
    const parsed = parseDerSignature(witness[0]!)!;
    const highS = toHighS(parsed.compact);
    // The negated signature is mathematically valid; only the LOW_S rule may reject it.
    const keyHash = hash160(witness[1]!);
    const sighash = segwitV0Sighash(toSpendTxid(bip322MessageHash(message), script), keyHash);
    expect(secp.verify(highS, sighash, witness[1]!, { prehash: false, lowS: false })).toBe(true);
    const high = concatBytes(derEncode(highS), Uint8Array.of(0x01));
    const r = verifyBip322Simple(script, message, encodeWitness([high, witness[1]!]));
    expect(r).toEqual({ ok: false, reason: "invalid signature" });
  });

  test("an uncompressed witness key is rejected", () => {
    const witness = decodeWitness(signBip322P2wpkh(SECRET_A, message))!;
    const r = verifyBip322Simple(script, message, encodeWitness([witness[0]!, secp.getPublicKey(SECRET_A, false)]));
    expect(r.ok).toBe(false);
  });
});

describe("P2TR key-path simple signatures made with our own keys", () => {
  const message = utf8ToBytes("Sign in to The Bitcoin Game: nonce 43");

  test("64-byte SIGHASH_DEFAULT and 65-byte explicit SIGHASH_ALL both verify", () => {
    const def = signBip322P2tr(SECRET_A, message);
    expect(verifyBip322Simple(def.script, message, def.witness)).toEqual({ ok: true, method: "bip322-simple" });
    const all = signBip322P2tr(SECRET_A, message, 0x01);
    expect(verifyBip322Simple(all.script, message, all.witness)).toEqual({ ok: true, method: "bip322-simple" });
  });

  test("explicit 0x00 or other hash types, wrong key and wrong message are rejected", () => {
    for (const hashType of [0x00, 0x02, 0x81]) {
      const s = signBip322P2tr(SECRET_A, message, hashType);
      expect(verifyBip322Simple(s.script, message, s.witness).ok).toBe(false);
    }
    const a = signBip322P2tr(SECRET_A, message);
    const b = signBip322P2tr(SECRET_B, message);
    expect(verifyBip322Simple(a.script, message, b.witness)).toEqual({ ok: false, reason: "invalid signature" });
    expect(verifyBip322Simple(a.script, utf8ToBytes("x"), a.witness)).toEqual({ ok: false, reason: "invalid signature" });
  });

  test("script-path or annexed witnesses are refused", () => {
    const a = signBip322P2tr(SECRET_A, message);
    const item = decodeWitness(a.witness)![0]!;
    const r = verifyBip322Simple(a.script, message, encodeWitness([item, Uint8Array.of(0x50, 1)]));
    expect(r).toEqual({ ok: false, reason: "invalid signature: only P2TR key-path spends are supported" });
  });
});

test("P2WSH, P2SH and P2PKH outputs are not verified as BIP-322 simple", () => {
  const witness = signBip322P2wpkh(SECRET_A, utf8ToBytes("m"));
  for (const address of [
    "bc1qp0ahvfh83088w49k405szqgg4f3pptr7p2g06tdxfjcd40z4lh4q95lsz9",
    "3JvL6Ymt8MVWiCNHC7oWU6nLeHNJKLZGLN",
    "1PMycacnJaSqwwJqjawXBErnLsZ7RkXUAs",
  ]) {
    expect(verifyBip322Simple(scriptOf(address), utf8ToBytes("m"), witness)).toEqual({
      ok: false,
      reason: "unsupported address type for BIP-322 simple",
    });
  }
});
