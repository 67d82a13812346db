// What a session needs from the pool around it. The pool implements this; sessions stay free of
// sockets, the node and the event bus.
import type { Job } from "../work/jobs.ts";
import type { Reject } from "./errors.ts";
import type { Session } from "./session.ts";
import type { SubmitParams } from "./submit.ts";
import type { ShareSet } from "./seen.ts";
import type { VardiffConfig } from "./vardiff.ts";

/** One job as the pool shares it between every session paying the same script. */
export interface PoolJob {
  work: Job;
  templateId: number;
  height: number;
  /** Previous block hash (RPC display hex): a job is stale once the tip moved past it. */
  prevHash: string;
  /** Earliest ntime the node accepts for this template (BIP 113 median time past + 1). */
  mintime: number;
  version: number;
  /** JSON of the notify params after the job id and before clean_jobs, with a leading comma. */
  tail: string;
  /** Keys (./seen.ts) of the shares that met their difficulty on this work. Kept here, not per
   * job id: a re-authorize or a resume hands out a new job id for the same work, and a replay must
   * still be a duplicate. */
  seen: ShareSet;
  /** The book (while it keeps the template) and every session record of this job: when the last
   * lets go, no share can reach the job any more and its key tables are freed (./seen.ts). */
  holders: number;
}

/** A job as one session received it: its own id and the difficulty in force when sent. */
export interface SessionJob {
  id: string;
  job: PoolJob;
  difficulty: number;
}

/** What hashing a share found (the header and hash stay in the pool's reused memory). */
export interface ShareOutcome {
  difficulty: number;
  isBlock: boolean;
}

export interface SessionConfig {
  startDiff: number;
  minDiff: number;
  maxDiff: number;
  /** Version bits the pool lets miners roll (BIP 310), e.g. 0x1fffe000. */
  versionMask: number;
}

export interface SessionHost {
  readonly cfg: SessionConfig;
  readonly vardiff: VardiffConfig;
  now(): number;
  allocateExtranonce1(resume?: string): number;
  /** `banned`: the address is valid but the operator refuses it; `reason` is then the whole answer. */
  checkAddress(address: string): { ok: true; script: Uint8Array } | { ok: false; reason: string; banned?: true };
  /** The newest job for the session's payout script; null while no template exists. */
  jobFor(session: Session): PoolJob | null;
  /** A job id unique across the pool (so unique within every session, even after a resume). */
  nextJobNumber(): number;
  /** True once the chain tip moved past the job's previous block. */
  isStale(job: PoolJob): boolean;
  /** Hashes the share; a block candidate is submitted to the node before this returns. */
  checkShare(session: Session, record: SessionJob, p: SubmitParams, version: number): ShareOutcome;
  onShare(session: Session, record: SessionJob | null, outcome: ShareOutcome | null, targetDiff: number, rejected: Reject | null): void;
  onAuthorized(session: Session): void;
  onDeauthorized(session: Session, reason: string): void;
  onDifficulty(session: Session, previous: number, reason: "start" | "vardiff" | "suggested" | "password"): void;
  onClosed(session: Session, reason: string): void;
  /** Whether a worker name the pool does not know yet may join this address (per-address cap). */
  workerAllowed(address: string, worker: string): boolean;
  /** What a miner is told when workerAllowed said no. */
  readonly workerLimitReason: string;
  /** The session is being cut for abuse (./limits.ts): counted and logged, rate-limited. */
  onAbuse(session: Session, kind: "rejects" | "authorize", detail: string): void;
}
