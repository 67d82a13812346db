// Share validation — the hot path. Rebuilds the coinbase from the job's halves and the
// miner's extranonces, folds the merkle branch, hashes the 80-byte header. Nothing here
// touches the template's transactions: only a block candidate pays for assembleBlock.
import { bytesToHex, encodeVarInt } from "../bitcoin/bytes.ts";
import { hashMeetsTarget, hashToDifficulty } from "../bitcoin/difficulty.ts";
import { sha256d } from "../bitcoin/hash.ts";
import { rootFromBranch } from "../bitcoin/merkle.ts";
import { serializeCoinbase } from "./coinbase.ts";
import type { Job } from "./jobs.ts";

export interface ShareSubmission {
  extranonce1: Uint8Array;
  extranonce2: Uint8Array;
  ntime: number;
  nonce: number;
  /** final header version, after version rolling */
  version: number;
}

export interface ShareCheck {
  /** sha256d of the header, internal (little-endian) byte order */
  hash: Uint8Array;
  difficulty: number;
  /** hash <= network target: submit this block */
  isBlock: boolean;
  header: Uint8Array;
}

// Reused between calls; JavaScript runs one share at a time on this thread.
let coinbaseBuf = new Uint8Array(1024);
/** coinbaseBuf's first `length` bytes; kept, since a subarray per share is garbage per share. */
let coinbaseView = coinbaseBuf.subarray(0, 0);
const merkleRoot = new Uint8Array(32);
const pairScratch = new Uint8Array(64);

function writeU32LE(buf: Uint8Array, off: number, v: number): void {
  buf[off] = v & 0xff;
  buf[off + 1] = (v >>> 8) & 0xff;
  buf[off + 2] = (v >>> 16) & 0xff;
  buf[off + 3] = (v >>> 24) & 0xff;
}

/**
 * Hashes a submitted share into `header` (80 bytes) and `hash` (32, internal byte order) and
 * returns its difficulty. The pool passes memory it reuses for every share (a share's garbage is
 * what sets how often the pool thread's collector pauses replies); a caller that keeps them
 * copies. The caller has already checked the extranonce2 length and the number formats; this
 * never throws for any job built by createJob.
 */
export function hashShare(job: Job, sub: ShareSubmission, header: Uint8Array, hash: Uint8Array): number {
  const c1 = job.coinb1;
  const c2 = job.coinb2;
  const e1 = sub.extranonce1;
  const e2 = sub.extranonce2;
  const len = c1.length + e1.length + e2.length + c2.length;
  if (coinbaseView.length !== len) {
    if (coinbaseBuf.length < len) coinbaseBuf = new Uint8Array(len * 2);
    coinbaseView = coinbaseBuf.subarray(0, len);
  }
  coinbaseBuf.set(c1, 0);
  coinbaseBuf.set(e1, c1.length);
  coinbaseBuf.set(e2, c1.length + e1.length);
  coinbaseBuf.set(c2, c1.length + e1.length + e2.length);
  sha256d(coinbaseView, merkleRoot);
  rootFromBranch(merkleRoot, job.template.merkleBranch, merkleRoot, pairScratch);
  writeU32LE(header, 0, sub.version >>> 0);
  header.set(job.prevHashLE, 4);
  header.set(merkleRoot, 36);
  writeU32LE(header, 68, sub.ntime >>> 0);
  writeU32LE(header, 72, job.bitsValue);
  writeU32LE(header, 76, sub.nonce >>> 0);
  sha256d(header, hash);
  return hashToDifficulty(hash);
}

/** Whether a hash from hashShare meets the network target: submit this block. */
export const isBlockHash = (job: Job, hash: Uint8Array): boolean => hashMeetsTarget(hash, job.networkTargetLE);

/** hashShare into fresh memory, with everything about the share: for callers that keep it. */
export function checkShare(job: Job, sub: ShareSubmission): ShareCheck {
  const out = new Uint8Array(112);
  const header = out.subarray(0, 80);
  const hash = out.subarray(80, 112);
  const difficulty = hashShare(job, sub, header, hash);
  return { hash, difficulty, isBlock: isBlockHash(job, hash), header };
}

/**
 * Full block hex for submitblock: header, transaction count, the coinbase (witness-serialized
 * when the template has a witness commitment), then the template's transactions as the node
 * gave them.
 */
export function assembleBlock(job: Job, extranonce1: Uint8Array, extranonce2: Uint8Array, header: Uint8Array): string {
  const { template } = job;
  const coinbase = serializeCoinbase(job.coinb1, extranonce1, extranonce2, job.coinb2, template.witnessCommitment !== null);
  const parts: string[] = [bytesToHex(header), bytesToHex(encodeVarInt(template.transactions.length + 1)), bytesToHex(coinbase)];
  for (const tx of template.transactions) parts.push(tx.data);
  return parts.join("");
}
