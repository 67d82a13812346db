// Online backup and restore of the SQLite database. `VACUUM INTO` copies a consistent snapshot
// (one read transaction) into a new, compact file while the pool keeps writing: WAL readers do
// not block the writer, so no share waits. Restore checks the backup before it touches anything
// and keeps the replaced database beside it.
import { Database } from "bun:sqlite";
import { copyFileSync, existsSync, renameSync, rmSync, statSync } from "node:fs";
import { migrationStatus } from "./migrate.ts";
import { BUSY_TIMEOUT_MS, integrityCheck } from "./sqlite.ts";

export class BackupProblem extends Error {}

export interface BackupResult {
  path: string;
  bytes: number;
  ms: number;
}

export function backupSqlite(dbPath: string, dest: string): BackupResult {
  if (!existsSync(dbPath)) throw new BackupProblem(`no database at ${dbPath} (has tbg run with this TBG_DATA_DIR / TBG_DATABASE_URL?)`);
  if (existsSync(dest)) throw new BackupProblem(`${dest} exists: choose a new file name (a backup never overwrites)`);
  const t0 = performance.now();
  const db = new Database(dbPath, { readonly: true });
  try {
    db.run(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.prepare("VACUUM INTO ?").run(dest);
  } catch (e) {
    rmSync(dest, { force: true });
    throw new BackupProblem(`backup of ${dbPath} failed: ${(e as Error).message}`);
  } finally {
    db.close();
  }
  return { path: dest, bytes: statSync(dest).size, ms: Math.round(performance.now() - t0) };
}

/** What a file must be to be restored: a sound database migrated by this tbg (or an older one). */
export function checkBackup(path: string): { migrations: number } {
  if (!existsSync(path)) throw new BackupProblem(`${path} does not exist`);
  let db: Database;
  try {
    db = new Database(path, { readonly: true });
  } catch (e) {
    throw new BackupProblem(`${path} cannot be opened as a database (${(e as Error).message})`);
  }
  try {
    const lines = integrityCheck(db, true);
    if (lines.length !== 1 || lines[0] !== "ok") throw new BackupProblem(`${path} is damaged: ${lines.join("; ")}`);
    const m = migrationStatus(db);
    if (m.unknown.length) throw new BackupProblem(`${path} was made by a newer tbg (migrations ${m.unknown.join(", ")}); restore it with that version`);
    return { migrations: m.total - m.pending.length };
  } catch (e) {
    if (e instanceof BackupProblem) throw e;
    throw new BackupProblem(`${path} is not a tbg database (${(e as Error).message})`);
  } finally {
    db.close();
  }
}

/**
 * Puts `src` in place of `dbPath` (the caller has made sure no tbg runs on it). The current
 * database, with its WAL, moves to `<dbPath>.before-restore-<time>`; returns that name.
 */
export function restoreSqlite(dbPath: string, src: string, now = Date.now()): { keptAs: string | null } {
  checkBackup(src);
  let keptAs: string | null = null;
  if (existsSync(dbPath)) {
    keptAs = `${dbPath}.before-restore-${new Date(now).toISOString().replace(/[:.]/g, "-")}`;
    renameSync(dbPath, keptAs);
    for (const ext of ["-wal", "-shm"]) if (existsSync(dbPath + ext)) renameSync(dbPath + ext, keptAs + ext);
  }
  // Copied under a temporary name first: a crash mid-copy never leaves half a database in place.
  const tmp = `${dbPath}.restoring`;
  copyFileSync(src, tmp);
  renameSync(tmp, dbPath);
  return { keptAs };
}
