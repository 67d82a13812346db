import { describe, expect, test } from "bun:test";
import { addressToScript } from "../bitcoin/address.ts";
import { bytesToHex, hexToBytes, reverseBytes } from "../bitcoin/bytes.ts";
import { createCoinbaseCache, createJob, notifyParams, toStratumPrevHash } from "./jobs.ts";
import { parseTemplate, type Template } from "./template.ts";
import { gbt } from "./testkit.ts";

function template(overrides: Record<string, unknown> = {}): Template {
  const r = parseTemplate(gbt(overrides), 0);
  if (!r.ok) throw new Error(r.reason);
  return r.template;
}
const script = (a: string) => {
  const r = addressToScript(a, "mainnet");
  if (!r.ok) throw new Error(r.reason);
  return r.script;
};
const A = script("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0");
const B = script("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4");

describe("stratum prevhash", () => {
  test("a miner's word swap of it gives the header's internal-order bytes", () => {
    const display = "00000000b0c5a240b2a61d2e75692224efd4cbecdf6eaf4cc2cf477ca7c270e7";
    const sent = hexToBytes(toStratumPrevHash(display))!;
    // What miners (cgminer, ESP-Miner) do: byte-swap each 32-bit word.
    const header = new Uint8Array(32);
    for (let w = 0; w < 8; w++) for (let b = 0; b < 4; b++) header[w * 4 + b] = sent[w * 4 + 3 - b]!;
    expect(bytesToHex(header)).toBe(bytesToHex(reverseBytes(hexToBytes(display)!)));
    expect(toStratumPrevHash(display).endsWith("00000000")).toBe(true);
  });
});

describe("jobs", () => {
  test("notifyParams is the exact mining.notify array", () => {
    const t = template({ version: 0x30000000, curtime: 0x6790a5b0 });
    const cache = createCoinbaseCache({ tag: "tbg", extranonce1Size: 4, extranonce2Size: 8 });
    const cb = cache.getCoinbase(t, A);
    const job = createJob({ id: "1a", template: t, coinbase: cb, cleanJobs: true });
    const params = notifyParams(job);
    expect(params).toEqual([
      "1a",
      toStratumPrevHash(t.prevHash),
      bytesToHex(cb.coinb1),
      bytesToHex(cb.coinb2),
      t.merkleBranch.map(bytesToHex),
      "30000000",
      "17031abe",
      "6790a5b0",
      true,
    ]);
    expect(JSON.parse(JSON.stringify(params))).toEqual(params);
  });

  test("ntime can be set per job", () => {
    const job = createJob({ id: "2", template: template(), coinbase: { coinb1: new Uint8Array(1), coinb2: new Uint8Array(1) }, cleanJobs: false, ntime: 5 });
    expect(job.ntimeHex).toBe("00000005");
    expect(job.cleanJobs).toBe(false);
  });
});

describe("coinbase cache", () => {
  test("one coinbase per payout script per template, dropped on retire", () => {
    const cache = createCoinbaseCache({ tag: "tbg", extranonce1Size: 4, extranonce2Size: 8 });
    const t1 = template();
    const t2 = template();
    const a1 = cache.getCoinbase(t1, A);
    expect(cache.getCoinbase(t1, Uint8Array.from(A))).toBe(a1);
    const b1 = cache.getCoinbase(t1, B);
    expect(b1).not.toBe(a1);
    expect(bytesToHex(b1.coinb2)).not.toBe(bytesToHex(a1.coinb2));
    const a2 = cache.getCoinbase(t2, A);
    expect(a2).not.toBe(a1);
    expect(cache.size).toBe(3);
    cache.retire(t1.id);
    expect(cache.size).toBe(1);
    expect(cache.getCoinbase(t1, A)).not.toBe(a1);
    cache.retire(999_999);
    expect(cache.size).toBe(2);
  });
});
