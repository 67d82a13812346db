// <data dir>/tbg.pid names the process serving from this data directory, so `tbg restore` can
// refuse to replace a database a running pool has open.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const pidFile = (dataDir: string) => join(dataDir, "tbg.pid");

export function writePid(dataDir: string): void {
  writeFileSync(pidFile(dataDir), `${process.pid}\n`);
}

/** Removes the file if it is still ours (a later instance may have taken the directory over). */
export function removePid(dataDir: string): void {
  if (runningPid(dataDir) === process.pid) rmSync(pidFile(dataDir), { force: true });
}

/** The pid of a live process serving from this directory, or null. */
export function runningPid(dataDir: string): number | null {
  let pid: number;
  try {
    pid = Number(readFileSync(pidFile(dataDir), "utf8").trim());
  } catch {
    return null;
  }
  if (!Number.isSafeInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (e) {
    // EPERM: it exists but belongs to another user — still running.
    return (e as NodeJS.ErrnoException).code === "EPERM" ? pid : null;
  }
}
