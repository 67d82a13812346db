// Golden tests on real chain data: the pool's own code path (template → job → share check →
// block assembly) must reproduce real blocks byte for byte and hash to their real hashes.
import { describe, expect, test } from "bun:test";
import mainnet from "./fixtures/mainnet-blocks.json";
import testnet3 from "./fixtures/testnet3-header-2441511.json";
import { bytesToHex, hashFromDisplayHex, hashToDisplayHex, hexToBytes, u32ToHexBE } from "../bitcoin/bytes.ts";
import { bitsToTarget, hashToBigInt, targetToDifficulty } from "../bitcoin/difficulty.ts";
import { sha256d } from "../bitcoin/hash.ts";
import { merkleBranch, merkleRoot, rootFromBranch } from "../bitcoin/merkle.ts";
import { parseBlock } from "../bitcoin/tx.ts";
import { createJob } from "./jobs.ts";
import { assembleBlock, checkShare } from "./share.ts";
import { parseTemplate } from "./template.ts";

function must<T>(v: T | null): T {
  if (v === null) throw new Error("unexpected null");
  return v;
}

describe.each(mainnet.blocks)("mainnet block $hash", (fixture) => {
  const raw = must(hexToBytes(fixture.hex));
  const parsed = parseBlock(raw);
  if (!parsed.ok) throw new Error(parsed.reason);
  const { header, transactions } = parsed.value;
  const view = new DataView(header.buffer, header.byteOffset, 80);

  test("header hashes to the real block hash and meets its own target", () => {
    const hash = sha256d(header);
    expect(hashToDisplayHex(hash)).toBe(fixture.hash);
    const target = must(bitsToTarget(view.getUint32(72, true)));
    expect(hashToBigInt(hash) <= target).toBe(true);
  });

  test("merkle root from txids and from the stratum branch equal the header's", () => {
    const txids = transactions.map((t) => t.txid);
    const headerRoot = bytesToHex(header.subarray(36, 68));
    expect(bytesToHex(merkleRoot(txids))).toBe(headerRoot);
    const branch = merkleBranch(txids.slice(1));
    expect(bytesToHex(rootFromBranch(txids[0]!, branch))).toBe(headerRoot);
  });

  test("template → job → checkShare → assembleBlock rebuilds the real block", () => {
    const [coinbase, ...rest] = transactions;
    if (!coinbase) throw new Error("no coinbase");
    // Cut the real coinbase around 4 + 4 bytes of its scriptSig, as if they were extranonces.
    const cbBytes = raw.subarray(81, 81 + coinbase.size);
    const scriptSigStart = 4 + 1 + 36 + 1; // version, input count, prevout, 1-byte script length
    const coinb1 = cbBytes.subarray(0, scriptSigStart);
    const extranonce1 = cbBytes.subarray(scriptSigStart, scriptSigStart + 4);
    const extranonce2 = cbBytes.subarray(scriptSigStart + 4, scriptSigStart + 8);
    const coinb2 = cbBytes.subarray(scriptSigStart + 8);

    const gbt = {
      version: view.getUint32(0, true),
      previousblockhash: hashToDisplayHex(header.subarray(4, 36)),
      bits: u32ToHexBE(view.getUint32(72, true)),
      height: fixture.height ?? 1,
      curtime: view.getUint32(68, true),
      coinbasevalue: Number(coinbase.outputs.reduce((s, o) => s + o.value, 0n)),
      transactions: rest.map((t, i) => {
        let offset = 81 + coinbase.size;
        for (let k = 0; k < i; k++) offset += rest[k]!.size;
        return { data: bytesToHex(raw.subarray(offset, offset + t.size)), txid: hashToDisplayHex(t.txid), hash: hashToDisplayHex(t.wtxid) };
      }),
    };
    const parsedTemplate = parseTemplate(gbt, 0);
    if (!parsedTemplate.ok) throw new Error(parsedTemplate.reason);
    const job = createJob({ id: "1", template: parsedTemplate.template, coinbase: { coinb1, coinb2 }, cleanJobs: true });
    const share = checkShare(job, {
      extranonce1,
      extranonce2,
      ntime: view.getUint32(68, true),
      nonce: view.getUint32(76, true),
      version: view.getUint32(0, true),
    });
    expect(hashToDisplayHex(share.hash)).toBe(fixture.hash);
    expect(bytesToHex(share.header)).toBe(bytesToHex(header));
    expect(share.isBlock).toBe(true);
    expect(share.difficulty).toBeGreaterThanOrEqual(targetToDifficulty(parsedTemplate.template.networkTarget));
    expect(assembleBlock(job, extranonce1, extranonce2, share.header)).toBe(fixture.hex);

    // One bit off in the nonce and it is an ordinary share, not this block.
    const other = checkShare(job, { extranonce1, extranonce2, ntime: view.getUint32(68, true), nonce: (view.getUint32(76, true) ^ 1) >>> 0, version: view.getUint32(0, true) });
    expect(hashToDisplayHex(other.hash)).not.toBe(fixture.hash);
    expect(other.isBlock).toBe(false);
  });
});

describe("testnet3 block 2441511 (segwit era, version bits 0x20200000)", () => {
  test("header fields and txids reproduce the block hash", () => {
    const txids = testnet3.tx.map((t) => must(hashFromDisplayHex(t)));
    const root = merkleRoot(txids);
    expect(hashToDisplayHex(root)).toBe(testnet3.merkleroot);
    expect(hashToDisplayHex(rootFromBranch(txids[0]!, merkleBranch(txids.slice(1))))).toBe(testnet3.merkleroot);

    const template = parseTemplate(
      {
        version: testnet3.version,
        previousblockhash: testnet3.previousblockhash,
        bits: testnet3.bits,
        height: testnet3.height,
        curtime: testnet3.time,
        coinbasevalue: 0,
        transactions: [],
      },
      0,
    );
    if (!template.ok) throw new Error(template.reason);
    const job = createJob({ id: "t", template: template.template, coinbase: { coinb1: new Uint8Array(0), coinb2: new Uint8Array(0) }, cleanJobs: false });
    expect(job.versionHex).toBe(testnet3.versionHex);
    // Build the header the way checkShare does, with the real merkle root in place.
    const header = new Uint8Array(80);
    const v = new DataView(header.buffer);
    v.setUint32(0, testnet3.version, true);
    header.set(job.prevHashLE, 4);
    header.set(root, 36);
    v.setUint32(68, testnet3.time, true);
    v.setUint32(72, job.bitsValue, true);
    v.setUint32(76, testnet3.nonce, true);
    const hash = sha256d(header);
    expect(hashToDisplayHex(hash)).toBe(testnet3.hash);
    expect(targetToDifficulty(template.template.networkTarget)).toBeCloseTo(testnet3.difficulty, 3);
  });
});
