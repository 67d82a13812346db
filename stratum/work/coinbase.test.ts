import { describe, expect, test } from "bun:test";
import { addressToScript } from "../bitcoin/address.ts";
import { bytesToHex, concatBytes } from "../bitcoin/bytes.ts";
import { bip34HeightPush } from "../bitcoin/script.ts";
import { parseTransaction } from "../bitcoin/tx.ts";
import { buildCoinbase, checkCoinbaseOptions, feeSats, maxTagBytes, serializeCoinbase } from "./coinbase.ts";
import { parseTemplate, type Template } from "./template.ts";
import { COMMITMENT_HEX, gbt } from "./testkit.ts";

function template(overrides: Record<string, unknown> = {}): Template {
  const r = parseTemplate(gbt(overrides), 0);
  if (!r.ok) throw new Error(r.reason);
  return r.template;
}
function script(address: string): Uint8Array {
  const r = addressToScript(address, "mainnet");
  if (!r.ok) throw new Error(r.reason);
  return r.script;
}

const PAYOUT = script("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0");
const FEE = script("1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH");
const EN1 = Uint8Array.of(0xde, 0xad, 0xbe, 0xef);
const EN2 = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);

function reassemble(t: Template, opts: Parameters<typeof buildCoinbase>[1]) {
  const cb = buildCoinbase(t, opts);
  const bytes = concatBytes(cb.coinb1, EN1, EN2, cb.coinb2);
  const tx = parseTransaction(bytes);
  if (!tx.ok) throw new Error(tx.reason);
  return { cb, tx: tx.value };
}

describe("coinb1 + extranonce1 + extranonce2 + coinb2", () => {
  test("parses as a coinbase paying the miner, the fee and the witness commitment", () => {
    const t = template();
    const { cb, tx } = reassemble(t, {
      payoutScript: PAYOUT, tag: "/The Bitcoin Game/", extranonce1Size: 4, extranonce2Size: 8, fee: { script: FEE, percent: 1.5 },
    });
    expect(tx.inputs.length).toBe(1);
    const input = tx.inputs[0]!;
    expect(bytesToHex(input.prevTxid)).toBe("00".repeat(32));
    expect(input.vout).toBe(0xffffffff);
    const sig = input.scriptSig;
    expect(bytesToHex(sig.subarray(0, 4))).toBe(bytesToHex(bip34HeightPush(879500)));
    expect(new TextDecoder().decode(sig.subarray(5, 5 + 18))).toBe("/The Bitcoin Game/");
    expect(bytesToHex(sig.subarray(sig.length - 12))).toBe(bytesToHex(concatBytes(EN1, EN2)));
    expect(sig[sig.length - 13]).toBe(12); // the extranonces are one push
    expect(sig.length).toBeLessThanOrEqual(100);

    expect(tx.outputs.length).toBe(3);
    const [payout, fee, commitment] = tx.outputs;
    expect(bytesToHex(payout!.script)).toBe(bytesToHex(PAYOUT));
    expect(bytesToHex(fee!.script)).toBe(bytesToHex(FEE));
    expect(fee!.value).toBe((312_512_345n * 15n) / 1000n);
    expect(payout!.value + fee!.value).toBe(t.coinbaseValue);
    expect(cb.payoutValue).toBe(payout!.value);
    expect(cb.feeValue).toBe(fee!.value);
    expect(commitment!.value).toBe(0n);
    expect(bytesToHex(commitment!.script)).toBe(COMMITMENT_HEX);
    // Final at the block's height: locktime height-1 with a non-final sequence.
    expect(tx.locktime).toBe(879499);
    expect(input.sequence).toBe(0xfffffffe);
    expect(tx.hasWitness).toBe(false);
  });

  test("without a fee the whole reward goes to the miner", () => {
    for (const fee of [undefined, { script: FEE, percent: 0 }]) {
      const { tx } = reassemble(template(), { payoutScript: PAYOUT, tag: "x", extranonce1Size: 4, extranonce2Size: 8, fee });
      expect(tx.outputs.length).toBe(2);
      expect(tx.outputs[0]!.value).toBe(312_512_345n);
    }
  });

  test("no witness commitment means no commitment output", () => {
    const { tx } = reassemble(template({ default_witness_commitment: undefined }), {
      payoutScript: PAYOUT, tag: "", extranonce1Size: 4, extranonce2Size: 8,
    });
    expect(tx.outputs.length).toBe(1);
  });

  test.each([1, 2, 16, 17])("height %d starts the scriptSig with Core's exact push", (height) => {
    const { tx } = reassemble(template({ height }), { payoutScript: PAYOUT, tag: "tbg", extranonce1Size: 4, extranonce2Size: 8 });
    const push = bip34HeightPush(height);
    expect(bytesToHex(tx.inputs[0]!.scriptSig.subarray(0, push.length))).toBe(bytesToHex(push));
    if (height <= 16) expect(tx.inputs[0]!.scriptSig[0]).toBe(0x50 + height);
  });

  test("a long tag is cut so the scriptSig stays within 100 bytes, never inside a character", () => {
    const { cb, tx } = reassemble(template(), { payoutScript: PAYOUT, tag: "€".repeat(60), extranonce1Size: 4, extranonce2Size: 8 });
    expect(tx.inputs[0]!.scriptSig.length).toBeLessThanOrEqual(100);
    expect(cb.tag.length).toBeLessThanOrEqual(maxTagBytes(879500, 4, 8));
    expect(cb.tag.length % 3).toBe(0);
    expect(new TextDecoder("utf-8", { fatal: true }).decode(cb.tag)).toBe("€".repeat(cb.tag.length / 3));
  });

  test("witness serialization for the block keeps the txid and adds the reserved value", () => {
    const cb = buildCoinbase(template(), { payoutScript: PAYOUT, tag: "tbg", extranonce1Size: 4, extranonce2Size: 8 });
    const plain = parseTransaction(serializeCoinbase(cb.coinb1, EN1, EN2, cb.coinb2, false));
    const witness = parseTransaction(serializeCoinbase(cb.coinb1, EN1, EN2, cb.coinb2, true));
    if (!plain.ok || !witness.ok) throw new Error("parse failed");
    expect(witness.value.hasWitness).toBe(true);
    expect(bytesToHex(witness.value.txid)).toBe(bytesToHex(plain.value.txid));
    expect(witness.value.inputs[0]!.witness.map(bytesToHex)).toEqual(["00".repeat(32)]);
  });
});

describe("options", () => {
  test("bad options are reported up front", () => {
    const base = { payoutScript: PAYOUT, tag: "", extranonce1Size: 4, extranonce2Size: 8 };
    expect(checkCoinbaseOptions(base)).toBeNull();
    expect(checkCoinbaseOptions({ ...base, extranonce2Size: 0 })).not.toBeNull();
    expect(checkCoinbaseOptions({ ...base, extranonce1Size: 30, extranonce2Size: 8 })).not.toBeNull();
    expect(checkCoinbaseOptions({ ...base, payoutScript: new Uint8Array(0) })).not.toBeNull();
    expect(checkCoinbaseOptions({ ...base, fee: { script: FEE, percent: 100 } })).not.toBeNull();
    expect(checkCoinbaseOptions({ ...base, fee: { script: FEE, percent: Number.NaN } })).not.toBeNull();
    expect(() => buildCoinbase(template(), { ...base, extranonce2Size: 0 })).toThrow(RangeError);
  });

  test("fees are integer sats rounded down", () => {
    expect(feeSats(312_500_000n, 1)).toBe(3_125_000n);
    expect(feeSats(999n, 0.5)).toBe(4n);
    expect(feeSats(100n, 0)).toBe(0n);
    expect(feeSats(312_500_001n, 0.1234567)).toBe((312_500_001n * 123_457n) / 100_000_000n);
  });
});
