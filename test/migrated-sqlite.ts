// Fresh SQLite files with every migration applied, for tests: one file is migrated by the real
// runner (openDatabase) once per process and each caller gets a byte copy of it in a new temp
// dir, the same database a first open would have made, without re-running the migrations.
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../src/db/client.ts";

let template: string | null = null;

function migratedTemplate(): string {
  if (template) return template;
  const dir = mkdtempSync(join(tmpdir(), "tbg-template-"));
  const path = join(dir, "tbg.sqlite");
  // Closing the last connection checkpoints the WAL into the file and removes it: the one file
  // is the whole database (WAL mode stays recorded in its header).
  openDatabase(path).close();
  if (existsSync(`${path}-wal`)) throw new Error(`the template database ${path} kept a WAL after closing`);
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  template = path;
  return path;
}

/** A new temp dir holding `tbg.sqlite`, migrated; `label` names the dir for readable failures. */
export function freshSqlitePath(label = "t"): string {
  const from = migratedTemplate();
  const path = join(mkdtempSync(join(tmpdir(), `tbg-${label.replace(/[^a-z0-9_-]/gi, "_").slice(0, 30)}-`)), "tbg.sqlite");
  copyFileSync(from, path);
  return path;
}
