// Jobs as stratum sends them, and the coinbase cache: one coinbase per payout script per
// template (ckpool's rule), shared by every session that mines to the same address.
import { bytesToHex, hashFromDisplayHex, u32ToHexBE } from "../bitcoin/bytes.ts";
import { targetToLE } from "../bitcoin/difficulty.ts";
import { buildCoinbase, type Coinbase, type CoinbaseOptions } from "./coinbase.ts";
import type { Template } from "./template.ts";

export interface Job {
  id: string;
  template: Template;
  coinb1: Uint8Array;
  coinb2: Uint8Array;
  /** previous block hash as stratum sends it: the display hex's eight 4-byte words in reverse order */
  prevHashStratum: string;
  versionHex: string;
  bitsHex: string;
  ntimeHex: string;
  /** branch hashes in internal byte order, as miners concatenate them */
  merkleBranchHex: string[];
  cleanJobs: boolean;
  /** header fields pre-encoded once for the share hot path */
  readonly prevHashLE: Uint8Array;
  readonly bitsValue: number;
  readonly ntime: number;
  readonly networkTargetLE: Uint8Array;
  readonly coinb1Hex: string;
  readonly coinb2Hex: string;
}

/**
 * Stratum's prevhash: internal-order bytes with each 4-byte word byte-swapped, which is the
 * same as the display hex with its eight 8-character words in reverse order.
 */
export function toStratumPrevHash(displayHex: string): string {
  let out = "";
  for (let w = 7; w >= 0; w--) out += displayHex.slice(w * 8, w * 8 + 8);
  return out;
}

export function createJob(args: {
  id: string;
  template: Template;
  coinbase: { coinb1: Uint8Array; coinb2: Uint8Array };
  cleanJobs: boolean;
  /** defaults to the template's curtime */
  ntime?: number;
}): Job {
  const { template } = args;
  const prevHashLE = hashFromDisplayHex(template.prevHash);
  // parseTemplate has already checked prevHash; a Template built by hand must be valid too.
  if (prevHashLE === null) throw new RangeError("template prevHash is not 64 hex characters");
  const ntime = args.ntime ?? template.curtime;
  return {
    id: args.id,
    template,
    coinb1: args.coinbase.coinb1,
    coinb2: args.coinbase.coinb2,
    prevHashStratum: toStratumPrevHash(template.prevHash),
    versionHex: u32ToHexBE(template.version),
    bitsHex: template.bits,
    ntimeHex: u32ToHexBE(ntime),
    merkleBranchHex: template.merkleBranch.map(bytesToHex),
    cleanJobs: args.cleanJobs,
    prevHashLE,
    bitsValue: Number.parseInt(template.bits, 16) >>> 0,
    ntime,
    networkTargetLE: targetToLE(template.networkTarget),
    coinb1Hex: bytesToHex(args.coinbase.coinb1),
    coinb2Hex: bytesToHex(args.coinbase.coinb2),
  };
}

export type NotifyParams = [string, string, string, string, string[], string, string, string, boolean];

/** The exact `mining.notify` params: [job_id, prevhash, coinb1, coinb2, merkle_branch, version, nbits, ntime, clean_jobs]. */
export function notifyParams(job: Job): NotifyParams {
  return [job.id, job.prevHashStratum, job.coinb1Hex, job.coinb2Hex, job.merkleBranchHex, job.versionHex, job.bitsHex, job.ntimeHex, job.cleanJobs];
}

export interface CoinbaseCache {
  /** The coinbase for this template and payout script, built on first use. */
  getCoinbase(template: Template, payoutScript: Uint8Array): Coinbase;
  /** Drop every coinbase of a template that can no longer be mined. */
  retire(templateId: number): void;
  /** number of cached coinbases (all templates) */
  readonly size: number;
}

export function createCoinbaseCache(opts: Omit<CoinbaseOptions, "payoutScript">): CoinbaseCache {
  const byTemplate = new Map<number, Map<string, Coinbase>>();
  let size = 0;
  return {
    getCoinbase(template, payoutScript) {
      let perScript = byTemplate.get(template.id);
      if (!perScript) {
        perScript = new Map();
        byTemplate.set(template.id, perScript);
      }
      const key = bytesToHex(payoutScript);
      let cb = perScript.get(key);
      if (!cb) {
        cb = buildCoinbase(template, { ...opts, payoutScript });
        perScript.set(key, cb);
        size++;
      }
      return cb;
    },
    retire(templateId) {
      const perScript = byTemplate.get(templateId);
      if (!perScript) return;
      size -= perScript.size;
      byTemplate.delete(templateId);
    },
    get size() {
      return size;
    },
  };
}
