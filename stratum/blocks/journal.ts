// The block-candidate journal: one small JSON file per solved block, written to disk before the
// node first hears of it, so that no outage, crash or kill -9 can lose a block the pool found.
// Files are replaced atomically (temp file, fsync, rename, fsync of the directory): a reader
// sees either the old record or the new one, never half of either.
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, writeSync } from "node:fs";
import { join } from "node:path";

/**
 * pending: no verdict from the node yet (submitted again until one comes);
 * accepted / rejected: the node's verdict; stale: never answered while the chain moved past it.
 */
export type CandidateState = "pending" | "accepted" | "rejected" | "stale";

export interface BlockCandidate {
  hash: string;
  height: number;
  state: CandidateState;
  /** The node's reject reason, "duplicate", or why no verdict came; null when accepted outright. */
  reason: string | null;
  address: string;
  worker: string;
  shareDifficulty: number;
  networkDifficulty: number;
  /** Coinbase value of the block in sats. */
  rewardSats: number;
  /** ms since epoch. */
  foundAt: number;
  updatedAt: number;
  /** submitblock rounds that ended without a verdict. */
  unanswered: number;
  /** The whole block, ready for `bitcoin-cli submitblock`. */
  hex: string;
}

const SUFFIX = ".json";
const HASH_RE = /^[0-9a-f]{64}$/;

/** File name of a candidate: height first so a listing reads in chain order. */
export function candidateFileName(c: Pick<BlockCandidate, "height" | "hash">): string {
  return `${String(c.height).padStart(10, "0")}-${c.hash}${SUFFIX}`;
}

function fsyncPath(path: string, flags: "r" | "w"): void {
  const fd = openSync(path, flags);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Synchronous on purpose: the share path waits for this write before submitting the block. */
export function writeCandidate(dir: string, c: BlockCandidate): string {
  mkdirSync(dir, { recursive: true });
  const name = candidateFileName(c);
  const path = join(dir, name);
  const tmp = join(dir, `.${name}.tmp`);
  const fd = openSync(tmp, "w", 0o644);
  try {
    writeSync(fd, `${JSON.stringify(c, null, 1)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  // The rename itself is only durable once the directory entry is.
  fsyncPath(dir, "r");
  return path;
}

function isCandidate(v: unknown): v is BlockCandidate {
  if (typeof v !== "object" || v === null) return false;
  const c = v as Record<string, unknown>;
  return (
    typeof c.hash === "string" &&
    HASH_RE.test(c.hash) &&
    typeof c.height === "number" &&
    typeof c.hex === "string" &&
    (c.state === "pending" || c.state === "accepted" || c.state === "rejected" || c.state === "stale")
  );
}

export interface JournalListing {
  candidates: BlockCandidate[];
  /** Files that are not readable candidates (left in place for the operator). */
  unreadable: { file: string; error: string }[];
}

/** Every candidate in the journal, oldest height first; a missing directory is an empty journal. */
export function readJournal(dir: string): JournalListing {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (e) {
    if ((e as { code?: unknown }).code === "ENOENT") return { candidates: [], unreadable: [] };
    throw e;
  }
  const out: JournalListing = { candidates: [], unreadable: [] };
  for (const name of names.sort()) {
    if (!name.endsWith(SUFFIX) || name.startsWith(".")) continue;
    try {
      const parsed: unknown = JSON.parse(readFileSync(join(dir, name), "utf8"));
      if (isCandidate(parsed)) out.candidates.push(parsed);
      else out.unreadable.push({ file: name, error: "not a block candidate record" });
    } catch (e) {
      out.unreadable.push({ file: name, error: e instanceof Error ? e.message : String(e) });
    }
  }
  return out;
}
