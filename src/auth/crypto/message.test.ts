import { describe, expect, test } from "bun:test";
import { utf8ToBytes } from "@noble/hashes/utils.js";
import { scriptToAddress } from "../../../stratum/bitcoin/index.ts";
import core from "./fixtures/bitcoin-core-signmessage.json";
import basic from "./fixtures/bip322-basic-test-vectors.json";
import generated from "./fixtures/bip322-generated-test-vectors.json";
import bitcoinjs from "./fixtures/bitcoinjs-message-fixtures.json";
import { HEADER_P2PKH_COMPRESSED, HEADER_P2WPKH } from "./legacy.ts";
import { MAX_SIGNATURE_CHARS, verifyMessage, type NetworkName } from "./message.ts";
import { keyScripts, SECRET_A, SECRET_B, signBip322P2wpkh, signLegacy, toBase64 } from "./testkit.ts";

const mainnet = (address: string, message: string, signature: string) =>
  verifyMessage({ address, message, signature, network: "mainnet" });

function addressOf(script: Uint8Array, network: NetworkName = "mainnet"): string {
  const address = scriptToAddress(script, network);
  if (!address) throw new Error("not a standard script");
  return address;
}

const SINGLE_KEY = new Set(["p2wpkh", "p2tr"]);

describe("BIP-322 official vectors (basic-test-vectors.json, latest revision with prefixes)", () => {
  for (const v of basic.simple) {
    for (const signature of v.bip322_signatures) {
      const expected = SINGLE_KEY.has(v.type)
        ? { ok: true, method: "bip322-simple" }
        : { ok: false, reason: "unsupported address type for BIP-322 simple" };
      test(`${v.type} ${JSON.stringify(v.message)} ${signature.slice(0, 12)}…`, () => {
        expect(mainnet(v.address, v.message, signature)).toEqual(expected as never);
      });
      // The earlier revision published the same signatures without the "smp" tag.
      if (signature.startsWith("smp")) {
        test(`${v.type} ${JSON.stringify(v.message)} without the smp prefix`, () => {
          expect(mainnet(v.address, v.message, signature.slice(3))).toEqual(expected as never);
        });
      }
    }
  }

  // Every error vector must fail; the reason says why in our own words.
  const reasons: Record<string, string> = {
    "invalid base64 encoding": "error decoding signature as base64",
    "empty signature": "signature too short (empty)",
    "wrong message for valid simple p2wpkh signature (empty message was signed)": "invalid signature",
    "wrong address for valid simple p2wpkh signature (signed for different address)":
      "unsupported address type for BIP-322 simple",
    "empty witness stack (single zero byte)": "invalid signature: P2WPKH witness must hold a signature and a key",
    "wrong message for valid simple p2wsh 3-of-3 multisig signature": "unsupported address type for BIP-322 simple",
    "invalid signature prefix": "error decoding signature as base64",
    "incorrect prefix type": "BIP-322 full signatures are not supported, only simple",
  };
  for (const v of basic.error) {
    test(`error: ${v.description}`, () => {
      const result = mainnet(v.address, v.message, v.signature);
      expect(result).toEqual({ ok: false, reason: reasons[v.description]! });
    });
  }

  // P2WSH and full proofs are refused before any signature check, so those reasons differ.
  const refusedUpFront = new Set(["unsupported address type for BIP-322 simple", reasons["incorrect prefix type"]]);
  test("where a signature is actually checked, the vector's error substring appears in the reason", () => {
    for (const v of basic.error) {
      if (refusedUpFront.has(reasons[v.description])) continue;
      const result = mainnet(v.address, v.message, v.signature);
      expect(result.ok ? "" : result.reason).toContain(v.error_substr);
    }
  });
});

describe("BIP-322 generated vectors (generated-test-vectors.json)", () => {
  for (const v of generated.simple) {
    test(`simple ${v.type}`, () => {
      const result = mainnet(v.address, v.message, v.bip322_signatures[0]!);
      if (SINGLE_KEY.has(v.type)) expect(result).toEqual({ ok: true, method: "bip322-simple" });
      else expect(result).toEqual({ ok: false, reason: "unsupported address type for BIP-322 simple" });
    });
  }
  for (const v of generated.error) {
    test(`error: ${v.description}`, () => {
      expect(mainnet(v.address, v.message, v.signature).ok).toBe(false);
    });
  }
  // A full signature is a whole transaction; read as a witness stack it never parses, and it
  // must not be mistaken for a simple one.
  for (const v of generated.full) {
    test(`full ${v.type} is refused`, () => {
      expect(mainnet(v.address, v.message, v.bip322_signatures[0]!).ok).toBe(false);
    });
  }
});

describe("BIP-137 / legacy vectors", () => {
  for (const v of bitcoinjs.verify) {
    test(`bitcoinjs-message: ${v.description}`, () => {
      expect(mainnet(v.address, v.message, v.signature)).toEqual({ ok: true, method: "bip137" });
    });
  }
  for (const v of bitcoinjs.invalid) {
    test(`bitcoinjs-message invalid: ${v.description}`, () => {
      expect(mainnet(v.address, v.message, v.signature)).toEqual({ ok: false, reason: "signature does not match address" });
    });
  }

  test("Bitcoin Core signmessagewithprivkey vector verifies on regtest, and only for P2PKH", () => {
    expect(verifyMessage({ ...core, network: "regtest" })).toEqual({ ok: true, method: "bip137" });
    // The same key's segwit addresses: Core refuses them; header 31 with the Electrum rule accepts.
    const other = verifyMessage({ ...core, message: "another message", network: "regtest" });
    expect(other).toEqual({ ok: false, reason: "signature does not match address" });
  });

  test("a regtest address is refused on mainnet", () => {
    const r = verifyMessage({ ...core, network: "mainnet" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toStartWith("invalid address:");
  });

  test("Electrum/Ledger style: compressed P2PKH header for bc1q and 3… addresses of the same key", () => {
    const { message, compressed, uncompressed } = bitcoinjs.sign;
    expect(mainnet("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", message, compressed)).toEqual({
      ok: true,
      method: "legacy-segwit",
    });
    expect(mainnet("3JvL6Ymt8MVWiCNHC7oWU6nLeHNJKLZGLN", message, compressed)).toEqual({ ok: true, method: "legacy-segwit" });
    // An uncompressed-key signature can never stand for a segwit address.
    expect(mainnet("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", message, uncompressed)).toEqual({
      ok: false,
      reason: "signature does not match address",
    });
  });

  test("Electrum style on testnet with our own key", () => {
    const message = "Sign in to The Bitcoin Game";
    const { sig } = signLegacy(SECRET_A, utf8ToBytes(message), HEADER_P2PKH_COMPRESSED);
    const address = addressOf(keyScripts(SECRET_A).p2wpkh, "testnet4");
    expect(address).toStartWith("tb1q");
    expect(verifyMessage({ address, message, signature: toBase64(sig), network: "testnet4" })).toEqual({
      ok: true,
      method: "legacy-segwit",
    });
  });

  test("a valid signature by another key reports the address mismatch", () => {
    const message = "Sign in to The Bitcoin Game";
    const { sig } = signLegacy(SECRET_B, utf8ToBytes(message), HEADER_P2WPKH);
    const address = addressOf(keyScripts(SECRET_A).p2wpkh);
    expect(mainnet(address, message, toBase64(sig))).toEqual({ ok: false, reason: "signature does not match address" });
  });
});

describe("signature prefixes and hostile input", () => {
  const address = "bc1q9vza2e8x573nczrlzms0wvx3gsqjx7vavgkx0l";

  test("ful and pof prefixes are refused as unsupported", () => {
    expect(mainnet(address, "", "fulAA==")).toEqual({ ok: false, reason: "BIP-322 full signatures are not supported, only simple" });
    expect(mainnet(address, "", "pofAA==")).toEqual({
      ok: false,
      reason: "BIP-322 proof-of-funds signatures are not supported, only simple",
    });
  });

  test("a 65-byte signature with a header outside 27–42 is named as such", () => {
    const sig = new Uint8Array(65);
    sig[0] = 43;
    expect(mainnet(address, "", toBase64(sig))).toEqual({ ok: false, reason: "invalid signature: header byte 43 outside 27-42" });
  });

  test("bad address, oversized signature and message, non-string input: values, never throws", () => {
    expect(mainnet("not-an-address", "", "AA==").ok).toBe(false);
    expect(mainnet(address, "", "A".repeat(MAX_SIGNATURE_CHARS + 4)).ok).toBe(false);
    expect(mainnet(address, "x".repeat(70_000), "AA==").ok).toBe(false);
    const hostile = { address, message: 5, signature: null, network: "mainnet" } as unknown as Parameters<typeof verifyMessage>[0];
    expect(verifyMessage(hostile).ok).toBe(false);
    const badNetwork = { address, message: "", signature: "AA==", network: "litecoin" } as unknown as Parameters<typeof verifyMessage>[0];
    expect(verifyMessage(badNetwork)).toEqual({ ok: false, reason: 'unknown network "litecoin"' });
  });

  test("random bytes of every length up to 200 never throw and never verify", () => {
    let seed = 1;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff;
    for (let len = 0; len <= 200; len++) {
      const bytes = Uint8Array.from({ length: len }, next);
      for (const sig of [toBase64(bytes), "smp" + toBase64(bytes)]) {
        expect(mainnet(address, "", sig).ok).toBe(false);
      }
    }
  });
});

describe("message whitespace (Sparrow trims before signing)", () => {
  const scripts = keyScripts(SECRET_A);

  test("a signature over the trimmed text verifies for the untrimmed challenge", () => {
    const { sig } = signLegacy(SECRET_A, utf8ToBytes("nonce 7"), HEADER_P2PKH_COMPRESSED);
    expect(mainnet(addressOf(scripts.p2pkh), "  nonce 7\n", toBase64(sig))).toEqual({ ok: true, method: "bip137" });
    const witness = signBip322P2wpkh(SECRET_A, utf8ToBytes("nonce 8"));
    expect(mainnet(addressOf(scripts.p2wpkh), "nonce 8\n", toBase64(witness))).toEqual({ ok: true, method: "bip322-simple" });
  });

  test("other text still fails", () => {
    const { sig } = signLegacy(SECRET_A, utf8ToBytes("nonce 7"), HEADER_P2PKH_COMPRESSED);
    expect(mainnet(addressOf(scripts.p2pkh), "nonce 77", toBase64(sig))).toEqual({
      ok: false,
      reason: "signature does not match address",
    });
  });
});
