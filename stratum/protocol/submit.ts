// mining.submit parameters, checked in order; every failure is a Reject value, never a throw.
// Wire order: [worker, job_id, extranonce2, ntime, nonce, version_bits?]
import { type Reject, StratumError, reject } from "./errors.ts";

export interface SubmitParams {
  /** The job id as the number the pool issued it as (hex), -1 when it cannot be one of ours. */
  jobNumber: number;
  /** extranonce2 as two big-endian 32-bit halves (extranonce2 is 8 bytes). */
  en2hi: number;
  en2lo: number;
  ntime: number;
  /** NerdMiner sends the nonce unpadded: "1a2b" is 0x00001a2b. */
  nonce: number;
  /** Rolled version bits from BIP 310's 6th parameter; 0 when absent. */
  versionBits: number;
}

/** Longest job id looked at; a longer one is refused as invalid. */
export const MAX_JOB_ID = 64;

/** Job ids are issued as lowercase hex without leading zeros (pool.ts): anything else, "1A" or
 * "01" included, was never one of them. */
const JOB_ID = /^(?:0|[1-9a-f][0-9a-f]{0,11})$/;
export const jobNumberOf = (jobId: string): number => (JOB_ID.test(jobId) ? Number.parseInt(jobId, 16) : -1);

const HEX = /^[0-9a-fA-F]+$/;

function hexField(v: unknown, maxLen: number): string | null {
  if (typeof v !== "string" || v.length === 0 || v.length > maxLen || !HEX.test(v)) return null;
  return v;
}

/** Parses the submit parameters against the session's extranonce2 size (in bytes). */
export function parseSubmit(params: unknown[], extranonce2Size: number): SubmitParams | Reject {
  if (params.length < 5) return reject(StratumError.Other, "mining.submit needs 5 or 6 params");
  const [worker, jobId, en2, ntime, nonce, version] = params;
  if (typeof worker !== "string") return reject(StratumError.Other, "worker must be a string");
  if (typeof jobId !== "string" || jobId.length === 0 || jobId.length > MAX_JOB_ID) return reject(StratumError.Other, "invalid job id");
  const en2Hex = hexField(en2, 64);
  if (en2Hex === null || en2Hex.length !== extranonce2Size * 2) {
    return reject(StratumError.Other, `extranonce2 must be ${extranonce2Size * 2} hex characters`);
  }
  const ntimeHex = hexField(ntime, 8);
  if (ntimeHex === null || ntimeHex.length !== 8) return reject(StratumError.Other, "ntime must be 8 hex characters");
  const nonceHex = hexField(nonce, 8);
  if (nonceHex === null) return reject(StratumError.Other, "nonce must be 1 to 8 hex characters");
  let versionBits = 0;
  if (version !== undefined && version !== null) {
    const vHex = hexField(version, 8);
    if (vHex === null) return reject(StratumError.Other, "version bits must be up to 8 hex characters");
    versionBits = Number.parseInt(vHex, 16) >>> 0;
  }
  return {
    jobNumber: jobNumberOf(jobId),
    en2hi: Number.parseInt(en2Hex.slice(0, 8), 16) >>> 0,
    en2lo: Number.parseInt(en2Hex.slice(8, 16), 16) >>> 0,
    ntime: Number.parseInt(ntimeHex, 16) >>> 0,
    nonce: Number.parseInt(nonceHex, 16) >>> 0,
    versionBits,
  };
}

export const isReject = (v: object): v is Reject => "code" in v && "reason" in v;
