import { describe, expect, test } from "bun:test";
import { bitsToTarget } from "../bitcoin/difficulty.ts";
import { parseTemplate } from "./template.ts";
import { COMMITMENT_HEX, REAL_TX, gbt } from "./testkit.ts";

describe("parseTemplate", () => {
  test("turns a getblocktemplate result into a Template", () => {
    const r = parseTemplate(gbt(), 1234);
    if (!r.ok) throw new Error(r.reason);
    const t = r.template;
    expect(t.height).toBe(879500);
    expect(t.version).toBe(0x20000000);
    expect(t.bits).toBe("17031abe");
    expect(t.networkTarget).toBe(bitsToTarget("17031abe")!);
    expect(t.coinbaseValue).toBe(312_512_345n);
    expect(Buffer.from(t.witnessCommitment!).toString("hex")).toBe(COMMITMENT_HEX);
    expect(t.transactions).toEqual([REAL_TX]);
    expect(t.merkleBranch.length).toBe(1);
    expect(t.receivedAt).toBe(1234);
    expect(t.mintime).toBe(1735990000);
  });

  test("keeps extra version bits from Knots", () => {
    const r = parseTemplate(gbt({ version: 0x30000000 }), 0);
    expect(r.ok && r.template.version).toBe(0x30000000);
  });

  test("ids are unique and increasing", () => {
    const a = parseTemplate(gbt(), 0);
    const b = parseTemplate(gbt(), 0);
    if (!a.ok || !b.ok) throw new Error("parse failed");
    expect(b.template.id).toBeGreaterThan(a.template.id);
  });

  test("3,000 transactions give a 12-hash branch", () => {
    const txs = Array.from({ length: 3000 }, (_, i) => ({ ...REAL_TX, txid: i.toString(16).padStart(64, "0") }));
    const r = parseTemplate(gbt({ transactions: txs }), 0);
    expect(r.ok && r.template.merkleBranch.length).toBe(12);
  });

  test("no witness commitment is allowed (pre-segwit networks, empty mempools on old nodes)", () => {
    const { default_witness_commitment: _, ...rest } = gbt();
    const r = parseTemplate(rest, 0);
    expect(r.ok && r.template.witnessCommitment).toBeNull();
  });

  const bad: [string, unknown][] = [
    ["null", null],
    ["array", []],
    ["string", "{}"],
    ["missing version", gbt({ version: undefined })],
    ["negative version", gbt({ version: -1 })],
    ["version above 32 bits", gbt({ version: 2 ** 32 })],
    ["short prevhash", gbt({ previousblockhash: "00" })],
    ["non-hex prevhash", gbt({ previousblockhash: "zz".repeat(32) })],
    ["bad bits", gbt({ bits: "1d00ff" })],
    ["negative bits", gbt({ bits: "1d800000" })],
    ["zero target", gbt({ bits: "00000000" })],
    ["height string", gbt({ height: "1" })],
    ["float coinbasevalue", gbt({ coinbasevalue: 1.5 })],
    ["negative coinbasevalue", gbt({ coinbasevalue: -1 })],
    ["coinbasevalue beyond supply", gbt({ coinbasevalue: 21_000_001 * 100_000_000 })],
    ["curtime missing", gbt({ curtime: undefined })],
    ["transactions not array", gbt({ transactions: {} })],
    ["transaction not object", gbt({ transactions: [1] })],
    ["transaction data not hex", gbt({ transactions: [{ ...REAL_TX, data: "xyz" }] })],
    ["transaction txid short", gbt({ transactions: [{ ...REAL_TX, txid: "ab" }] })],
    ["transaction hash bad", gbt({ transactions: [{ ...REAL_TX, hash: 5 }] })],
    ["commitment not BIP141", gbt({ default_witness_commitment: "6a24deadbeef" + "00".repeat(32) })],
    ["commitment not hex", gbt({ default_witness_commitment: "nothex" })],
  ];
  test.each(bad)("refuses %s with a reason", (_name, input) => {
    const r = parseTemplate(input, 0);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toStartWith("getblocktemplate: ");
  });
});
