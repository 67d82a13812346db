// A raw SQLite connection with the settings every connection relies on: WAL so readers never
// wait for the writer, a busy timeout instead of SQLITE_BUSY errors, foreign keys enforced.
// The mining writer thread opens its own connection through this (it needs no ORM).
import { Database } from "bun:sqlite";
import { mkdirSync, statSync } from "node:fs";
import { dirname } from "node:path";

export const BUSY_TIMEOUT_MS = 5000;

/**
 * The database cannot be used as it is (not a database, damaged, not writable). The message is
 * one line for the operator: the path, what is wrong and what to do; `tbg` prints it without a
 * stack trace and exits non-zero.
 */
export class DatabaseProblem extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = "DatabaseProblem";
  }
}

/** What to do about a damaged database (the README's "Backups and integrity" says the same). */
export const RESTORE_HINT =
  "restore a backup: with tbg stopped, move the file and its -wal/-shm files aside, copy the last good backup (a tbg.sqlite copied after a clean stop is complete) in its place and run `tbg doctor`";

/** What to do about a database tbg may not open or write. */
const ACCESS_HINT =
  "make the file, its directory and its -wal/-shm files readable and writable by the user running tbg (and the filesystem read-write), or point TBG_DATA_DIR / TBG_DATABASE_URL elsewhere";

const reason = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function openSqlite(path: string): Database {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  let sqlite: Database | null = null;
  try {
    sqlite = new Database(path, { create: true, strict: true });
    sqlite.run("PRAGMA journal_mode = WAL");
    sqlite.run(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    sqlite.run("PRAGMA foreign_keys = ON");
    // NORMAL is durable across application crashes in WAL mode; only an OS crash can lose the
    // last transactions, which batching already bounds.
    sqlite.run("PRAGMA synchronous = NORMAL");
    return sqlite;
  } catch (err) {
    // A garbage file fails here ("file is not a database"), and so does a file or directory
    // tbg may not open: name the file and the fix that fits, not a stack.
    sqlite?.close();
    const code = (err as { code?: string }).code ?? "";
    const damaged = code.startsWith("SQLITE_NOTADB") || code.startsWith("SQLITE_CORRUPT");
    throw new DatabaseProblem(path, `database ${path} cannot be opened (${reason(err)}); ${damaged ? RESTORE_HINT : ACCESS_HINT}`);
  }
}

/**
 * Proves this connection can write: a scratch table created inside a transaction that is rolled
 * back, so nothing stays. SQLite silently opens a read-only file read-only, and reads keep
 * working, so only an attempted write shows it (whatever the cause: file mode, read-only mount,
 * root or not).
 */
export function assertWritable(sqlite: Database, path: string): void {
  try {
    sqlite.run("BEGIN IMMEDIATE");
    try {
      sqlite.run("CREATE TABLE __tbg_write_check (x INTEGER)");
      sqlite.run("INSERT INTO __tbg_write_check (x) VALUES (1)");
    } finally {
      sqlite.run("ROLLBACK");
    }
  } catch (err) {
    throw new DatabaseProblem(
      path,
      `database ${path} is not writable (${reason(err)}); shares would be accepted and lost, so tbg does not start: ${ACCESS_HINT}`,
    );
  }
}

/** SQLite's own verdict lines ("ok" alone when sound). `full` is the slow integrity_check. */
export function integrityCheck(sqlite: Database, full: boolean, maxErrors = 20): string[] {
  const rows = sqlite.query<Record<string, string>, []>(`PRAGMA ${full ? "integrity_check" : "quick_check"}(${maxErrors})`).all();
  return rows.map((r) => String(Object.values(r)[0]));
}

/**
 * Past this size the start-up check leaves out the raw share rows (`shares` and its index: most
 * of a big file, kept only TBG_SHARE_RETENTION and re-created by pruning); `tbg doctor` checks
 * everything. Measured: PRAGMA quick_check takes ~0.3 s per 100 MB here, 1.2 s for integrity_check.
 */
export const FULL_START_CHECK_MAX_BYTES = 256 * 1024 * 1024;

export interface StartCheck {
  ms: number;
  /** "all", or "all but raw shares" on a file above FULL_START_CHECK_MAX_BYTES. */
  scope: string;
}

/** Refuses a damaged database (PRAGMA quick_check: structure, not index contents); run at every start. */
export function assertIntact(sqlite: Database, path: string, fileBytes: number): StartCheck {
  const t0 = performance.now();
  const whole = fileBytes <= FULL_START_CHECK_MAX_BYTES;
  let lines: string[];
  try {
    if (whole) lines = integrityCheck(sqlite, false, 3);
    else {
      lines = [];
      const tables = sqlite.query<{ name: string }, []>("SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'shares'").all();
      for (const { name } of tables) {
        const r = sqlite.query<Record<string, string>, []>(`PRAGMA quick_check("${name.replaceAll('"', '""')}")`).all().map((x) => String(Object.values(x)[0]));
        if (!(r.length === 1 && r[0] === "ok")) lines.push(...r);
      }
      if (lines.length === 0) lines = ["ok"];
    }
  } catch (err) {
    lines = [reason(err)];
  }
  if (!(lines.length === 1 && lines[0] === "ok")) throw new DatabaseProblem(path, `database ${path} is damaged (${lines.join("; ")}); ${RESTORE_HINT}`);
  return { ms: Math.round(performance.now() - t0), scope: whole ? "all" : "all but raw shares" };
}

export interface CheckpointResult {
  /** False when another connection held the WAL and it could not be emptied. */
  complete: boolean;
  /** Size of the WAL file before the checkpoint (what was merged when complete). */
  walBytes: number;
}

/**
 * Merges the WAL into the main file and empties it, so the main file alone is a complete copy
 * (the operator's `cp tbg.sqlite` backup). Run last, when no other connection is writing; a
 * connection that is just closing may hold the checkpoint lock for a moment, so a busy answer
 * is retried for up to `waitMs`.
 */
export async function checkpoint(sqlite: Database, path: string, waitMs = 1000): Promise<CheckpointResult> {
  const walBytes = statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0;
  const deadline = Date.now() + waitMs;
  for (;;) {
    const r = sqlite.query<{ busy: number }, []>("PRAGMA wal_checkpoint(TRUNCATE)").get()!;
    if (r.busy === 0) return { complete: true, walBytes };
    if (Date.now() >= deadline) return { complete: false, walBytes };
    await Bun.sleep(25);
  }
}
