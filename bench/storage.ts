// The storage a benchmark runs on: `--engine sqlite` (default, a file in the bench's temp dir)
// or `--engine postgres` (a fresh database on a private PostgreSQL server started the way the
// tests start theirs, test/postgres.ts, then switched to durable settings: fsync and synchronous
// commit on, as a production server runs, so the figures are not flattered).
import { join } from "node:path";
import { openStorage, type Storage } from "../src/db/storage.ts";
import { freshPostgresUrl, pgCluster } from "../test/postgres.ts";

export type BenchEngine = "sqlite" | "postgres";

/** `--engine X` (or `--engine=X`) from argv; the other arguments, in order. */
export function benchArgs(argv: string[]): { engine: BenchEngine; rest: string[] } {
  const rest: string[] = [];
  let engine = "sqlite";
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--engine") engine = argv[++i] ?? "";
    else if (a.startsWith("--engine=")) engine = a.slice("--engine=".length);
    else rest.push(a);
  }
  if (engine === "postgresql") engine = "postgres";
  if (engine !== "sqlite" && engine !== "postgres") throw new Error(`--engine ${engine}: expected sqlite or postgres`);
  return { engine, rest };
}

let durable: Promise<void> | null = null;

/** A fresh, migrated database for one part of a benchmark. */
export async function openBenchStorage(engine: BenchEngine, label: string, dir: string): Promise<Storage> {
  if (engine === "sqlite") return openStorage(join(dir, `${label}.sqlite`));
  const url = await freshPostgresUrl(`bench_${label}`);
  durable ??= (async () => {
    await pgCluster();
    const admin = await openStorage(url, { migrate: false, postgres: { max: 1 } });
    if (admin.engine !== "postgres") throw new Error("unreachable");
    for (const s of ["ALTER SYSTEM SET fsync = on", "ALTER SYSTEM SET synchronous_commit = on", "ALTER SYSTEM SET full_page_writes = on", "SELECT pg_reload_conf()"])
      await admin.pg.sql.unsafe(s);
    await admin.close();
  })();
  await durable;
  // The pool size `tbg` uses by default (src/db/postgres.ts).
  return openStorage(url);
}

/** The first column of the first row as a number, on either engine. */
export async function scalar(storage: Storage, text: string): Promise<number> {
  if (storage.engine === "sqlite") return Number(Object.values(storage.sqlite.sqlite.query(text).get() as Record<string, unknown>)[0] ?? 0);
  const [row] = await storage.pg.sql.unsafe(text);
  return Number(Object.values(row as Record<string, unknown>)[0] ?? 0);
}

/** Bytes the database takes on disk. */
export async function databaseBytes(storage: Storage): Promise<number> {
  if (storage.engine === "sqlite") return Bun.file(storage.sqlite.path).size;
  return scalar(storage, "SELECT pg_database_size(current_database())");
}
