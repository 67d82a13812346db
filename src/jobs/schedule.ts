// Scheduled jobs: one way to run a croner pattern for every feature (game deadlines, the
// lottery, leagues, the World Cup, staking accrual, leaderboards). A job runs in UTC, never
// overlaps itself (croner's protect), runs only on the cluster's leader when a leaderOnly gate
// is given (src/cluster/leadership.ts), and a failure is logged, never an unhandled rejection.
import { Cron } from "croner";
import type { Logger } from "../log.ts";

/** The cluster's gate (Leadership.leaderOnly): the wrapped function runs on the leader only. */
export type LeaderOnly = <A extends unknown[]>(name: string, fn: (...args: A) => unknown) => (...args: A) => Promise<void>;

export interface JobOptions {
  log: Logger;
  /** Given: only the leader runs the job. Absent: every instance runs it (a lone instance). */
  leaderOnly?: LeaderOnly;
}

export interface Job {
  /** Runs the job now (gated and logged as a scheduled run is); resolves when it is done. */
  run(): Promise<void>;
  stop(): void;
}

/** `fn` gated and logged as a job named `name`, without a schedule (a run at start-up). */
export function gatedRun(name: string, fn: () => unknown, opts: JobOptions): () => Promise<void> {
  if (opts.leaderOnly) return opts.leaderOnly(name, fn);
  return async () => {
    try {
      await fn();
    } catch (err) {
      opts.log.error("scheduled job failed", { job: name, err: String(err) });
    }
  };
}

/** Schedules `fn` on the croner `pattern` (UTC). */
export function scheduleJob(name: string, pattern: string, fn: () => unknown, opts: JobOptions): Job {
  const run = gatedRun(name, fn, opts);
  const cron = new Cron(pattern, { timezone: "UTC", protect: true }, () => void run());
  return { run, stop: () => cron.stop() };
}
