// A raw SQLite connection with the settings every connection relies on: WAL so readers never
// wait for the writer, a busy timeout instead of SQLITE_BUSY errors, foreign keys enforced.
// The mining writer thread opens its own connection through this (it needs no ORM).
import { Database } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";

export const BUSY_TIMEOUT_MS = 5000;

export function openSqlite(path: string): Database {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path, { create: true, strict: true });
  sqlite.run("PRAGMA journal_mode = WAL");
  sqlite.run(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
  sqlite.run("PRAGMA foreign_keys = ON");
  // NORMAL is durable across application crashes in WAL mode; only an OS crash can lose the
  // last transactions, which batching already bounds.
  sqlite.run("PRAGMA synchronous = NORMAL");
  return sqlite;
}
