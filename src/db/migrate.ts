// Applies the bundled migrations in order, each in its own transaction, and records them in
// __tbg_migrations so none is applied twice. A database made by an older binary simply has
// fewer rows there and migrates forward.
import type { Database } from "bun:sqlite";
import { MIGRATIONS } from "./migrations.generated.ts";

export interface Migration {
  tag: string;
  sql: string;
}

export interface MigrateResult {
  applied: string[];
  total: number;
}

const BREAKPOINT = "--> statement-breakpoint";

export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): MigrateResult {
  db.run(`CREATE TABLE IF NOT EXISTS __tbg_migrations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    tag TEXT NOT NULL UNIQUE,
    hash TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  )`);
  const done = new Map(
    db.query<{ tag: string; hash: string }, []>("SELECT tag, hash FROM __tbg_migrations").all().map((r) => [r.tag, r.hash]),
  );
  const known = new Set(migrations.map((m) => m.tag));
  const unknown = [...done.keys()].filter((t) => !known.has(t));
  if (unknown.length)
    throw new Error(`database was migrated by a newer version (unknown migrations: ${unknown.join(", ")}); refusing to start`);

  const applied: string[] = [];
  for (const m of migrations) {
    if (done.has(m.tag)) continue;
    const statements = m.sql
      .split(BREAKPOINT)
      .map((s) => s.trim())
      .filter(Boolean);
    db.transaction(() => {
      for (const s of statements) db.run(s);
      db.run("INSERT INTO __tbg_migrations (tag, hash, applied_at) VALUES (?, ?, ?)", [m.tag, hashOf(m.sql), Date.now()]);
    })();
    applied.push(m.tag);
  }
  return { applied, total: migrations.length };
}

function hashOf(sql: string): string {
  return new Bun.CryptoHasher("sha256").update(sql).digest("hex");
}

/** Which bundled migrations a database lacks, and which it has that this binary does not know (read only). */
export function migrationStatus(db: Database, migrations: readonly Migration[] = MIGRATIONS): { pending: string[]; unknown: string[]; total: number } {
  const exists = db.query<{ n: number }, []>("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = '__tbg_migrations'").get()!.n > 0;
  const done = new Set(exists ? db.query<{ tag: string }, []>("SELECT tag FROM __tbg_migrations").all().map((r) => r.tag) : []);
  const known = new Set(migrations.map((m) => m.tag));
  return { pending: migrations.filter((m) => !done.has(m.tag)).map((m) => m.tag), unknown: [...done].filter((t) => !known.has(t)), total: migrations.length };
}
