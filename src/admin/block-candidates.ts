// The operator's view of the pool's block-candidate journal (stratum/blocks/journal.ts): every
// block the pool solved, with the node's verdict or the fact that none has come yet. Read from
// disk, so it shows what a restart would resubmit, whatever the pool is doing right now.
import { join } from "node:path";
import { candidateFileName, readBlockJournal, type CandidateState } from "../../stratum/index.ts";

/** Where the pool journals its block candidates. */
export function blockJournalDir(dataDir: string): string {
  return join(dataDir, "blocks");
}

export interface BlockCandidateView {
  hash: string;
  height: number;
  state: CandidateState;
  reason: string | null;
  address: string;
  worker: string;
  rewardSats: number;
  foundAt: number;
  updatedAt: number;
  /** submitblock rounds without a verdict. */
  unanswered: number;
  /** The file holding the block hex, for a submission by hand. */
  file: string;
  sizeBytes: number;
}

/** Newest first; files that are not readable candidates are reported as problems. */
export function listBlockCandidates(dataDir: string, limit = 200): { candidates: BlockCandidateView[]; problems: string[] } {
  const dir = blockJournalDir(dataDir);
  const listing = readBlockJournal(dir);
  const candidates = listing.candidates
    .sort((a, b) => b.foundAt - a.foundAt)
    .slice(0, limit)
    .map((c) => ({
      hash: c.hash,
      height: c.height,
      state: c.state,
      reason: c.reason,
      address: c.address,
      worker: c.worker,
      rewardSats: c.rewardSats,
      foundAt: c.foundAt,
      updatedAt: c.updatedAt,
      unanswered: c.unanswered,
      file: join(dir, candidateFileName(c)),
      sizeBytes: c.hex.length / 2,
    }));
  return { candidates, problems: listing.unreadable.map((u) => `${u.file}: ${u.error}`) };
}
