import { describe, expect, test } from "bun:test";
import { addressToScript } from "../bitcoin/address.ts";
import { bytesToHex, concatBytes, hexToBytes } from "../bitcoin/bytes.ts";
import { hashToBigInt } from "../bitcoin/difficulty.ts";
import { sha256d } from "../bitcoin/hash.ts";
import { merkleRoot } from "../bitcoin/merkle.ts";
import { parseBlock, parseTransaction } from "../bitcoin/tx.ts";
import { createCoinbaseCache, createJob, type Job } from "./jobs.ts";
import { assembleBlock, checkShare } from "./share.ts";
import { parseTemplate } from "./template.ts";
import { REAL_TX, gbt } from "./testkit.ts";

const PAYOUT = (() => {
  const r = addressToScript("bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080", "regtest");
  if (!r.ok) throw new Error(r.reason);
  return r.script;
})();
const EN1 = Uint8Array.of(0, 0, 0, 7);

function job(overrides: Record<string, unknown>): Job {
  const r = parseTemplate(gbt(overrides), 0);
  if (!r.ok) throw new Error(r.reason);
  const cache = createCoinbaseCache({ tag: "tbg", extranonce1Size: 4, extranonce2Size: 8 });
  return createJob({ id: "1", template: r.template, coinbase: cache.getCoinbase(r.template, PAYOUT), cleanJobs: true });
}

describe("checkShare", () => {
  // regtest's bits: half of all hashes are blocks, so a candidate turns up within a few nonces.
  const regtest = job({ bits: "207fffff", height: 5 });

  test("isBlock is exactly hash <= network target, and the hash is the header's sha256d", () => {
    let blocks = 0;
    for (let nonce = 0; nonce < 200; nonce++) {
      const s = checkShare(regtest, { extranonce1: EN1, extranonce2: new Uint8Array(8), ntime: 1736000000, nonce, version: 0x20000000 });
      expect(bytesToHex(sha256d(s.header))).toBe(bytesToHex(s.hash));
      expect(s.isBlock).toBe(hashToBigInt(s.hash) <= regtest.template.networkTarget);
      if (s.isBlock) blocks++;
    }
    expect(blocks).toBeGreaterThan(50);
    expect(blocks).toBeLessThan(150);
  });

  test("the header carries the submitted fields and a merkle root over the rebuilt coinbase", () => {
    const en2 = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);
    const s = checkShare(regtest, { extranonce1: EN1, extranonce2: en2, ntime: 0x01020304, nonce: 0xdeadbeef, version: 0x3fffe000 });
    const v = new DataView(s.header.buffer, s.header.byteOffset, 80);
    expect(v.getUint32(0, true)).toBe(0x3fffe000);
    expect(bytesToHex(s.header.subarray(4, 36))).toBe(bytesToHex(regtest.prevHashLE));
    expect(v.getUint32(68, true)).toBe(0x01020304);
    expect(v.getUint32(72, true)).toBe(0x207fffff);
    expect(v.getUint32(76, true)).toBe(0xdeadbeef);
    const coinbase = parseTransaction(concatBytes(regtest.coinb1, EN1, en2, regtest.coinb2));
    if (!coinbase.ok) throw new Error(coinbase.reason);
    const txid = hexToBytes(REAL_TX.txid)!.reverse();
    expect(bytesToHex(s.header.subarray(36, 68))).toBe(bytesToHex(merkleRoot([coinbase.value.txid, txid])));
  });

  test("results stay valid after later calls reuse the scratch buffers", () => {
    const a = checkShare(regtest, { extranonce1: EN1, extranonce2: new Uint8Array(8), ntime: 1, nonce: 1, version: 0x20000000 });
    const keep = bytesToHex(a.hash);
    const b = checkShare(regtest, { extranonce1: EN1, extranonce2: Uint8Array.of(9, 9, 9, 9, 9, 9, 9, 9), ntime: 1, nonce: 1, version: 0x20000000 });
    expect(bytesToHex(a.hash)).toBe(keep);
    expect(bytesToHex(b.hash)).not.toBe(keep);
  });

  test("difficulty of a mainnet-target job is tiny for random work and never a block", () => {
    const mainnetJob = job({});
    const s = checkShare(mainnetJob, { extranonce1: EN1, extranonce2: new Uint8Array(8), ntime: 1736000000, nonce: 42, version: 0x20000000 });
    expect(s.isBlock).toBe(false);
    expect(s.difficulty).toBeGreaterThan(0);
    expect(s.difficulty).toBeLessThan(1e12);
  });
});

describe("assembleBlock", () => {
  test("a block candidate assembles into a block that parses, commits to its coinbase and hashes to the share", () => {
    const j = job({ bits: "207fffff", height: 17 });
    const en2 = Uint8Array.of(0xaa, 0, 0, 0, 0, 0, 0, 1);
    let share = null;
    for (let nonce = 0; share === null; nonce++) {
      const s = checkShare(j, { extranonce1: EN1, extranonce2: en2, ntime: 1736000000, nonce, version: 0x20000000 });
      if (s.isBlock) share = s;
    }
    const hex = assembleBlock(j, EN1, en2, share.header);
    const block = parseBlock(hexToBytes(hex)!);
    if (!block.ok) throw new Error(block.reason);
    const { header, transactions } = block.value;
    expect(bytesToHex(sha256d(header))).toBe(bytesToHex(share.hash));
    expect(transactions.length).toBe(2);
    const [coinbase, spend] = transactions;
    expect(coinbase!.hasWitness).toBe(true);
    expect(coinbase!.inputs[0]!.witness.map(bytesToHex)).toEqual(["00".repeat(32)]);
    expect(coinbase!.inputs[0]!.scriptSig[0]).toBe(0x01);
    expect(coinbase!.inputs[0]!.scriptSig[1]).toBe(17);
    expect(bytesToHex(header.subarray(36, 68))).toBe(bytesToHex(merkleRoot(transactions.map((t) => t.txid))));
    expect(hex.endsWith(REAL_TX.data)).toBe(true);
    expect(bytesToHex(spend!.txid.slice().reverse())).toBe(REAL_TX.txid);
  });

  test("without a witness commitment the coinbase is not witness-serialized", () => {
    const j = job({ bits: "207fffff", default_witness_commitment: undefined });
    const s = checkShare(j, { extranonce1: EN1, extranonce2: new Uint8Array(8), ntime: 1, nonce: 3, version: 0x20000000 });
    const block = parseBlock(hexToBytes(assembleBlock(j, EN1, new Uint8Array(8), s.header))!);
    expect(block.ok && block.value.transactions[0]!.hasWitness).toBe(false);
  });
});
