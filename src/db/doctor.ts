// `tbg doctor`: the checks an operator runs on a stopped (or running) pool's database before
// trusting it or a backup of it. Read-only except for a rolled-back write probe.
import { existsSync, statSync, statfsSync } from "node:fs";
import { dirname } from "node:path";
import { migrationStatus } from "./migrate.ts";
import { assertWritable, integrityCheck, openSqlite, RESTORE_HINT } from "./sqlite.ts";

export interface DoctorCheck {
  name: string;
  ok: boolean;
  /** One line: what was found, and when not ok, what to do. */
  detail: string;
}

/** Below this much free space in the data directory the checks fail (writes start failing soon). */
export const MIN_FREE_BYTES = 256 * 1024 * 1024;

const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
const reason = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** The free space that counts is where the database (and its WAL) grows. */
export function doctor(path: string): DoctorCheck[] {
  const checks: DoctorCheck[] = [];
  const dir = dirname(path);
  const free = freeBytes(dir);
  checks.push(
    free === null
      ? { name: "free space", ok: false, detail: `cannot read free space of ${dir}` }
      : free < MIN_FREE_BYTES
        ? { name: "free space", ok: false, detail: `${mib(free)} free in ${dir}: below ${mib(MIN_FREE_BYTES)}; free some space or move the database to a bigger disk (TBG_DATA_DIR / TBG_DATABASE_URL)` }
        : { name: "free space", ok: true, detail: `${mib(free)} free in ${dir}` },
  );
  if (!existsSync(path)) {
    checks.push({ name: "database", ok: true, detail: `${path} does not exist yet (created on first start)` });
    return checks;
  }
  const size = statSync(path).size;
  const wal = existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0;
  let sqlite: ReturnType<typeof openSqlite>;
  try {
    sqlite = openSqlite(path);
  } catch (err) {
    checks.push({ name: "database opens", ok: false, detail: reason(err) });
    return checks;
  }
  try {
    checks.push({ name: "database opens", ok: true, detail: `${path} (${mib(size)}, WAL ${mib(wal)})` });
    let lines: string[];
    const t0 = performance.now();
    try {
      lines = integrityCheck(sqlite, true, 20);
    } catch (err) {
      lines = [reason(err)];
    }
    const ms = Math.round(performance.now() - t0);
    checks.push(
      lines.length === 1 && lines[0] === "ok"
        ? { name: "integrity", ok: true, detail: `PRAGMA integrity_check: ok (${ms} ms)` }
        : { name: "integrity", ok: false, detail: `${path} is damaged: ${lines.join("; ")}; ${RESTORE_HINT}` },
    );
    try {
      assertWritable(sqlite, path);
      checks.push({ name: "writable", ok: true, detail: "a test write succeeded (rolled back)" });
    } catch (err) {
      checks.push({ name: "writable", ok: false, detail: reason(err) });
    }
    try {
      const m = migrationStatus(sqlite);
      if (m.unknown.length) checks.push({ name: "migrations", ok: false, detail: `migrated by a newer tbg (unknown: ${m.unknown.join(", ")}); run that version or restore a backup made by this one` });
      else if (m.pending.length) checks.push({ name: "migrations", ok: false, detail: `${m.pending.length} of ${m.total} not applied (${m.pending.join(", ")}); run \`tbg migrate\` (tbg also applies them at start)` });
      else checks.push({ name: "migrations", ok: true, detail: `all ${m.total} applied` });
    } catch (err) {
      checks.push({ name: "migrations", ok: false, detail: `cannot read them: ${reason(err)}` });
    }
  } finally {
    sqlite.close();
  }
  return checks;
}

export function freeBytes(dir: string): number | null {
  for (let d = dir; ; d = dirname(d)) {
    try {
      const s = statfsSync(d);
      return s.bavail * s.bsize;
    } catch {
      if (dirname(d) === d) return null;
    }
  }
}
