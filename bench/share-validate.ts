// Microbenchmark: checkShare throughput on one core with a mainnet-sized template
// (3,000 transactions → 12 merkle branch hashes, witness commitment, fee output).
// Run: bun bench/share-validate.ts
import { addressToScript } from "../stratum/bitcoin/address.ts";
import { bytesToHex } from "../stratum/bitcoin/bytes.ts";
import { createCoinbaseCache, createJob } from "../stratum/work/jobs.ts";
import { checkShare } from "../stratum/work/share.ts";
import { parseTemplate } from "../stratum/work/template.ts";

const TX_COUNT = 3000;
const DURATION_MS = 3000;

function script(address: string): Uint8Array {
  const r = addressToScript(address, "mainnet");
  if (!r.ok) throw new Error(r.reason);
  return r.script;
}

// Transactions only contribute their txids to share validation; their data is never touched.
const transactions = Array.from({ length: TX_COUNT }, () => {
  const txid = bytesToHex(crypto.getRandomValues(new Uint8Array(32)));
  return { data: "00".repeat(100), txid, hash: txid };
});
const parsed = parseTemplate(
  {
    version: 0x20000000,
    previousblockhash: "00000000000000000001f0c4c5d9e4cc8b4c6c2d3a4f7b4bba4b1e6d2c1f4a51",
    bits: "17031abe",
    height: 879500,
    curtime: 1736000000,
    coinbasevalue: 318_000_000,
    default_witness_commitment: `6a24aa21a9ed${"ab".repeat(32)}`,
    transactions,
  },
  Date.now(),
);
if (!parsed.ok) throw new Error(parsed.reason);
const template = parsed.template;
const cache = createCoinbaseCache({
  tag: "/The Bitcoin Game/",
  extranonce1Size: 4,
  extranonce2Size: 8,
  fee: { script: script("1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH"), percent: 1 },
});
const coinbase = cache.getCoinbase(template, script("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0"));
const job = createJob({ id: "1", template, coinbase, cleanJobs: true });

const extranonce1 = Uint8Array.of(0x12, 0x34, 0x56, 0x78);
const extranonce2 = new Uint8Array(8);
const e2view = new DataView(extranonce2.buffer);

function run(count: number, start: number): number {
  let best = 0;
  for (let i = 0; i < count; i++) {
    const n = start + i;
    e2view.setUint32(4, n >>> 8);
    const r = checkShare(job, { extranonce1, extranonce2, ntime: 1736000000 + (n & 0xff), nonce: n >>> 0, version: 0x20000000 | ((n & 0xff) << 13) });
    if (r.difficulty > best) best = r.difficulty;
  }
  return best;
}

run(50_000, 0); // warm up the JIT
let shares = 0;
let best = 0;
const t0 = performance.now();
while (performance.now() - t0 < DURATION_MS) {
  best = Math.max(best, run(10_000, 50_000 + shares));
  shares += 10_000;
}
const seconds = (performance.now() - t0) / 1000;
const rate = Math.round(shares / seconds);
console.log(
  `share-validate: ${rate.toLocaleString("en-US")} shares/s on one core (${shares.toLocaleString("en-US")} shares in ${seconds.toFixed(2)} s; ` +
    `${template.merkleBranch.length} branch hashes, ${coinbase.coinb1.length + coinbase.coinb2.length + 12}-byte coinbase; best share diff ${best.toPrecision(3)}; ` +
    `budget 50,000/s ${rate >= 50_000 ? "met" : "MISSED"}, target 100,000/s ${rate >= 100_000 ? "met" : "missed"})`,
);
