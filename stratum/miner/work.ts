// Miner-side hashing: rebuild the header from mining.notify fields exactly as a device does
// (coinb1 ‖ extranonce1 ‖ extranonce2 ‖ coinb2 → sha256d → fold branch → 80-byte header) and
// scan nonces. Written from the wire format, independently of the pool's share check.
import { hexToBytes } from "../bitcoin/bytes.ts";
import { hashToDifficulty } from "../bitcoin/difficulty.ts";
import { sha256d } from "../bitcoin/hash.ts";

export interface NotifyJob {
  jobId: string;
  prevHash: string;
  coinb1: string;
  coinb2: string;
  branch: string[];
  version: string;
  nbits: string;
  ntime: string;
  clean: boolean;
}

/** Reads mining.notify params; null when they are not the nine fields stratum defines. */
export function parseNotify(params: unknown): NotifyJob | null {
  if (!Array.isArray(params) || params.length < 9) return null;
  const [jobId, prevHash, coinb1, coinb2, branch, version, nbits, ntime, clean] = params;
  if (typeof jobId !== "string" || typeof prevHash !== "string" || prevHash.length !== 64) return null;
  if (typeof coinb1 !== "string" || typeof coinb2 !== "string" || !Array.isArray(branch)) return null;
  if (!branch.every((b) => typeof b === "string" && b.length === 64)) return null;
  if (typeof version !== "string" || typeof nbits !== "string" || typeof ntime !== "string") return null;
  return { jobId, prevHash, coinb1, coinb2, branch: branch as string[], version, nbits, ntime, clean: clean === true };
}

export interface PreparedWork {
  job: NotifyJob;
  extranonce2: string;
  /** 80-byte header with nonce 0; the scanner writes bytes 76..80. */
  header: Uint8Array;
}

function writeU32LE(buf: Uint8Array, off: number, v: number): void {
  buf[off] = v & 0xff;
  buf[off + 1] = (v >>> 8) & 0xff;
  buf[off + 2] = (v >>> 16) & 0xff;
  buf[off + 3] = (v >>> 24) & 0xff;
}

/** Builds the header template for one extranonce2; null when a field is not hex. */
export function prepareWork(job: NotifyJob, extranonce1: string, extranonce2: string): PreparedWork | null {
  const coinbase = hexToBytes(job.coinb1 + extranonce1 + extranonce2 + job.coinb2);
  const prev = hexToBytes(job.prevHash);
  if (coinbase === null || prev === null) return null;
  const root = sha256d(coinbase);
  const pair = new Uint8Array(64);
  for (const b of job.branch) {
    const bytes = hexToBytes(b);
    if (bytes === null) return null;
    pair.set(root, 0);
    pair.set(bytes, 32);
    sha256d(pair, root);
  }
  const header = new Uint8Array(80);
  writeU32LE(header, 0, Number.parseInt(job.version, 16) >>> 0);
  // Stratum's prevhash is the internal byte order with every 4-byte word byte-swapped.
  for (let w = 0; w < 8; w++) for (let i = 0; i < 4; i++) header[4 + w * 4 + i] = prev[w * 4 + 3 - i]!;
  header.set(root, 36);
  writeU32LE(header, 68, Number.parseInt(job.ntime, 16) >>> 0);
  writeU32LE(header, 72, Number.parseInt(job.nbits, 16) >>> 0);
  return { job, extranonce2, header };
}

export interface FoundShare {
  nonce: number;
  difficulty: number;
}

/** Scans nonces [from, to) for a hash at or above `difficulty`; null when none in range. */
export function scan(work: PreparedWork, difficulty: number, from: number, to: number): FoundShare | null {
  const h = work.header;
  const out = new Uint8Array(32);
  for (let n = from; n < to; n++) {
    writeU32LE(h, 76, n);
    sha256d(h, out);
    // Cheap pre-check: any share of difficulty ≥ 2^-32·… needs the top hash word small; the
    // exact difficulty is computed only for candidates whose most significant byte is zero
    // or when the target is below 1 (then most hashes are close).
    if (difficulty >= 1 && out[31] !== 0) continue;
    const d = hashToDifficulty(out);
    if (d >= difficulty) return { nonce: n, difficulty: d };
  }
  return null;
}

/** Nonce as mining.submit sends it: the header's little-endian uint32 written as big-endian hex. */
export const nonceHex = (nonce: number): string => (nonce >>> 0).toString(16).padStart(8, "0");
