// Templates the pool keeps and the jobs built from them: one coinbase per payout script per
// template (shared by every session paying that script), a few recent templates kept so shares
// for just-replaced work are still judged (or submitted, if they solve a block).
import type { Template } from "../work/template.ts";
import { createCoinbaseCache, createJob, notifyParams, type CoinbaseCache } from "../work/jobs.ts";
import { bytesToHex } from "../bitcoin/bytes.ts";
import type { PoolJob } from "./host.ts";
import { EXTRANONCE1_SIZE, EXTRANONCE2_SIZE } from "./extranonce.ts";
import { dropJob, ShareSet } from "./seen.ts";

/** Templates whose jobs stay valid; older jobs answer "job not found". */
const KEEP_TEMPLATES = 4;

export interface CoinbaseOptions {
  tag: string;
  fee: { script: Uint8Array; percent: number } | null;
}

interface Entry {
  template: Template;
  jobs: Map<string, PoolJob>;
}

export class JobBook {
  private readonly entries: Entry[] = [];
  private tip: string | null = null;
  private readonly coinbases: CoinbaseCache;

  constructor(coinbase: CoinbaseOptions) {
    this.coinbases = createCoinbaseCache({
      tag: coinbase.tag,
      extranonce1Size: EXTRANONCE1_SIZE,
      extranonce2Size: EXTRANONCE2_SIZE,
      ...(coinbase.fee !== null ? { fee: coinbase.fee } : {}),
    });
  }

  get current(): Template | null {
    return this.entries[this.entries.length - 1]?.template ?? null;
  }

  /** Adds a template; true when it builds on a new tip (miners must drop old work). */
  add(template: Template): boolean {
    const newTip = template.prevHash !== this.tip;
    this.tip = template.prevHash;
    this.entries.push({ template, jobs: new Map() });
    while (this.entries.length > KEEP_TEMPLATES) {
      const old = this.entries.shift();
      if (old === undefined) continue;
      this.coinbases.retire(old.template.id);
      for (const job of old.jobs.values()) dropJob(job);
    }
    return newTip;
  }

  /** The current template's job for this payout script, built once and shared. */
  jobFor(script: Uint8Array): PoolJob | null {
    const entry = this.entries[this.entries.length - 1];
    if (entry === undefined) return null;
    const key = bytesToHex(script);
    let job = entry.jobs.get(key);
    if (job === undefined) {
      const t = entry.template;
      // The work module's job id and clean flag are not used: every session gets its own job id
      // and the clean flag of the moment it is sent.
      const work = createJob({ id: "", template: t, coinbase: this.coinbases.getCoinbase(t, script), cleanJobs: false });
      const params = notifyParams(work);
      // Keep everything after the job id and before clean_jobs; sessions add their own id and flag.
      const tail = JSON.stringify(params.slice(1, 8)).slice(1, -1);
      job = { work, templateId: t.id, height: t.height, prevHash: t.prevHash, mintime: t.mintime, version: t.version, tail: `,${tail}`, seen: new ShareSet(), holders: 1 };
      entry.jobs.set(key, job);
    }
    return job;
  }

  isStale(job: PoolJob): boolean {
    return job.prevHash !== this.tip;
  }
}
