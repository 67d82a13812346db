import { describe, expect, test } from "bun:test";
import { addressToScript, scriptToAddress, type AddressType } from "./address.ts";
import { bytesToHex, hexToBytes } from "./bytes.ts";
import { NETWORKS, type NetworkName } from "./network.ts";

// Known addresses and their scripts. Segwit ones are the BIP-173/BIP-350 test vectors; the
// base58 ones are the same hash160s (751e76e8…, cd7b44d0…) as published in bitcoinjs-lib's docs.
const MAINNET: [string, AddressType, string][] = [
  ["1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH", "p2pkh", "76a914751e76e8199196d454941c45d1b3a323f1433bd688ac"],
  ["3LRW7jeCvQCRdPF8S3yUCfRAx4eqXFmdcr", "p2sh", "a914cd7b44d0b03f2d026d1e586d7ae18903b0d385f687"],
  ["BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", "p2wpkh", "0014751e76e8199196d454941c45d1b3a323f1433bd6"],
  ["bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", "p2tr", "512079be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"],
];
const TESTNET: [string, AddressType, string][] = [
  ["mrCDrCybB6J1vRfbwM5hemdJz73FwDBC8r", "p2pkh", "76a914751e76e8199196d454941c45d1b3a323f1433bd688ac"],
  ["2NByiBUaEXrhmqAsg7BbLpcQSAQs1EDwt5w", "p2sh", "a914cd7b44d0b03f2d026d1e586d7ae18903b0d385f687"],
  ["tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7", "p2wsh", "00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262"],
  ["tb1qqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesrxh6hy", "p2wsh", "0020000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433"],
  ["tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c", "p2tr", "5120000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433"],
];

function scriptOf(address: string, network: NetworkName): string {
  const r = addressToScript(address, network);
  if (!r.ok) throw new Error(`${address} on ${network}: ${r.reason}`);
  return bytesToHex(r.script);
}

describe("valid addresses", () => {
  test.each(MAINNET)("mainnet %s → %s", (address, type, script) => {
    const r = addressToScript(address, "mainnet");
    expect(r).toEqual({ ok: true, type, script: hexToBytes(script)! });
    // Bech32 is displayed in lower case; base58 is case-sensitive and comes back unchanged.
    const display = type === "p2pkh" || type === "p2sh" ? address : address.toLowerCase();
    expect(scriptToAddress(hexToBytes(script)!, "mainnet")).toBe(display);
  });

  for (const network of ["testnet", "testnet4", "signet"] as const) {
    test.each(TESTNET)(`${network} %s → %s`, (address, type, script) => {
      expect(addressToScript(address, network)).toEqual({ ok: true, type, script: hexToBytes(script)! });
      expect(scriptToAddress(hexToBytes(script)!, network)).toBe(address);
    });
  }

  test("every payout type on every network round-trips script → address → script", () => {
    const scripts: [AddressType, string][] = [
      ["p2pkh", "76a914751e76e8199196d454941c45d1b3a323f1433bd688ac"],
      ["p2sh", "a914cd7b44d0b03f2d026d1e586d7ae18903b0d385f687"],
      ["p2wpkh", "0014751e76e8199196d454941c45d1b3a323f1433bd6"],
      ["p2wsh", "00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262"],
      ["p2tr", "512079be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"],
    ];
    for (const network of NETWORKS) {
      for (const [type, script] of scripts) {
        const address = scriptToAddress(hexToBytes(script)!, network);
        expect(address).not.toBeNull();
        const r = addressToScript(address!, network);
        expect(r.ok && r.type === type && bytesToHex(r.script) === script).toBe(true);
      }
    }
    expect(scriptToAddress(hexToBytes("0014751e76e8199196d454941c45d1b3a323f1433bd6")!, "regtest")).toStartWith("bcrt1q");
  });

  test("non-standard scripts have no address", () => {
    expect(scriptToAddress(hexToBytes("6a24aa21a9ed")!, "mainnet")).toBeNull();
    expect(scriptToAddress(hexToBytes("5210751e76e8199196d454941c45d1b3a323")!, "mainnet")).toBeNull();
  });
});

describe("wrong network", () => {
  test("mainnet addresses are refused on test networks and say why", () => {
    for (const [address] of MAINNET) {
      for (const network of ["testnet", "testnet4", "signet", "regtest"] as const) {
        const r = addressToScript(address, network);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.reason).toContain("mainnet");
      }
    }
  });

  test("testnet segwit addresses are refused on mainnet and regtest; base58 test addresses work on regtest", () => {
    for (const [address, type] of TESTNET) {
      expect(addressToScript(address, "mainnet").ok).toBe(false);
      expect(addressToScript(address, "regtest").ok).toBe(type === "p2pkh" || type === "p2sh");
    }
  });
});

describe("invalid addresses", () => {
  // Valid BIP-350 encodings of witness versions/lengths we cannot pay: a reward sent there is lost.
  test.each([
    "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y",
    "BC1SW50QGDZ25J",
    "bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs",
  ])("future witness program %s is refused as a payout", (address) => {
    const r = addressToScript(address, "mainnet");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain("not a spendable payout type");
  });

  // BIP-173 and BIP-350 invalid segwit address vectors.
  test.each([
    "tc1qw508d6qejxtdg4y5r3zarvary0c5xw7kg3g4ty",
    "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5",
    "BC13W508D6QEJXTDG4Y5R3ZARVARY0C5XW7KN40WF2",
    "bc1rw5uspcuh",
    "bc10w508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kw5rljs90",
    "BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P",
    "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sL5k7",
    "bc1zw508d6qejxtdg4y5r3zarvaryvqyzf3du",
    "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3pjxtptv",
    "bc1gmk9yu",
    "tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut",
    "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd",
    "tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt7rf",
    "BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL",
    "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh",
    "tb1q0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq24jc47",
    "bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4",
    "BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R",
    "bc1pw5dgrnzv",
    "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav",
    "tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq",
    "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf",
    "tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j",
  ])("%s", (address) => {
    // Judge each on the network its prefix names, so the failure is the vector's own defect.
    const network: NetworkName = address.toLowerCase().startsWith("tb1") ? "testnet" : "mainnet";
    const r = addressToScript(address, network);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason.length).toBeGreaterThan(0);
  });

  test("specific reasons", () => {
    const reason = (a: string, n: NetworkName = "mainnet") => {
      const r = addressToScript(a, n);
      return r.ok ? "" : r.reason;
    };
    expect(reason("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd")).toContain("bech32");
    expect(reason("tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq", "testnet")).toContain("mixed");
    expect(reason("1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMJ")).toContain("checksum");
    expect(reason("")).toBe("empty address");
    expect(reason(" 1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH")).toContain("whitespace");
    expect(reason("x".repeat(500))).not.toBe("");
  });
});
