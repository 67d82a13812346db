// Command-line entry: `tbg` serves; the other commands do one thing and exit.
import { configHelp, loadConfig, type Config } from "./config.ts";
import { doctor } from "./db/doctor.ts";
import { openStorage } from "./db/storage.ts";
import { createLogger, type Logger, type LogRing } from "./log.ts";
import { VERSION } from "./version.ts";
import { resolve as resolvePath } from "node:path";

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

export const USAGE = `The Bitcoin Game ${VERSION} — a solo Bitcoin mining pool and game

Usage:
  tbg                     Start the pool, web app and API (the default)
  tbg serve               Same as above
  tbg migrate             Create or migrate the database, then exit
  tbg doctor [--database] Check the setup: node RPC and credentials, chain vs TBG_NETWORK,
                          sync, getblocktemplate, stratum port from the LAN, disk space and
                          the database, clock, Telegram token; each failure with its fix;
                          exit 1 on a problem. --database: only the database checks
  tbg backup PATH         Consistent copy of the SQLite database, also while tbg runs
  tbg restore PATH        Put a backup in place of the database (refused while tbg runs)
  tbg mine --url stratum+tcp://HOST:PORT --user ADDRESS[.worker] [--password x] [--threads N] [--shares N] [--once] [--ca CERT.pem]
                          Mine with this machine's CPU: checks that a pool setup works;
                          reconnects when the pool goes away (--once: stop instead)
  tbg verify-message --address A --message M --signature S [--network N]
                          Verify a Bitcoin signed message (exit 0 valid, 1 invalid)
  tbg lottery verify WEEK [--url http://HOST:PORT]
                          Re-run a week's lottery draw from its public ticket file and block
                          hash (WEEK: its Monday, YYYY-MM-DD); exit 0 when the winners match
  tbg admin create --email E --password P
                          Create an admin account, or make an existing one admin
  tbg admin rotate-keys [--retire-old]
                          New JWT signing key (used from the next start); --retire-old
                          deletes older keys so tokens they signed stop verifying
  tbg --version           Print the version
  tbg --help              Print this help

Configuration comes from environment variables (a .env file in the working directory is read too):
`;

export function helpText(): string {
  return USAGE + configHelp() + "\n";
}

/** Loads config or explains, one line per problem, why it cannot start. */
export function configOrExit(io: Io): Config | null {
  const r = loadConfig();
  for (const w of r.warnings) io.err(`tbg: warning: ${w}`);
  if (r.ok) return r.config;
  for (const e of r.errors) io.err(`tbg: ${e}`);
  return null;
}

/** `ring`: keeps the last lines for the admin Logs page. */
export function loggerFor(config: Config, ring?: LogRing): Logger {
  return createLogger({ level: config.logLevel, format: config.logFormat, ...(ring ? { tap: ring.push } : {}) });
}

export async function migrateCommand(io: Io): Promise<number> {
  const config = configOrExit(io);
  if (!config) return 1;
  const storage = await openStorage(databaseTarget(config), { verify: true });
  const m = storage.migrated!;
  io.out(m.applied.length ? `applied ${m.applied.length} migration(s): ${m.applied.join(", ")}` : `database is up to date (${m.total} migrations)`);
  io.out(`database: ${storage.engine} ${storage.where}`);
  await storage.close();
  return 0;
}

/** The file or URL openStorage takes for the configured database. */
export function databaseTarget(config: Config): string {
  return config.database.engine === "sqlite" ? config.database.path : config.database.url;
}

/** `tbg doctor`: one line per check (and its fix), exit 0 only when all pass. */
export async function doctorCommand(io: Io, args: string[] = []): Promise<number> {
  const config = configOrExit(io);
  if (!config) return 1;
  if (args.includes("--database")) return databaseDoctorCommand(io, config);
  const { setupDoctor } = await import("./admin/setup-doctor.ts");
  const checks = await setupDoctor(config);
  for (const c of checks) {
    if (c.ok) io.out(`ok   ${c.name}: ${c.detail}`);
    else io.err(`FAIL ${c.name}: ${c.detail}${c.fix ? `\n     fix: ${c.fix}` : ""}`);
  }
  const failed = checks.filter((c) => !c.ok).length;
  io.out(failed ? `${failed} problem(s) found` : "no problems found");
  return failed ? 1 : 0;
}

async function databaseDoctorCommand(io: Io, config: Config): Promise<number> {
  if (config.database.engine === "postgres") {
    // The server's own tools check its files (pg_amcheck, its backups); tbg checks that it answers.
    try {
      const storage = await openStorage(config.database.url, { migrate: false });
      const ok = await storage.ping();
      await storage.close();
      if (!ok) throw new Error(`PostgreSQL at ${storage.where} does not answer`);
      io.out(`ok   postgresql: ${storage.where} answers (tbg migrate applies pending migrations)`);
      io.out("no problems found");
      return 0;
    } catch (err) {
      io.err(`FAIL postgresql: ${(err as Error).message}`);
      io.out("1 problem(s) found");
      return 1;
    }
  }
  const checks = doctor(config.databasePath);
  for (const c of checks) (c.ok ? io.out : io.err)(`${c.ok ? "ok  " : "FAIL"} ${c.name}: ${c.detail}`);
  const failed = checks.filter((c) => !c.ok).length;
  io.out(failed ? `${failed} problem(s) found` : "no problems found");
  return failed ? 1 : 0;
}

/** PostgreSQL has its own tools for a consistent online copy; tbg names the command. */
function pgHint(config: Config, what: "backup" | "restore", path: string): string {
  const where = config.database.engine === "postgres" ? config.database.where : "";
  return what === "backup"
    ? `the database is PostgreSQL (${where}): back it up with its own tool, also while tbg runs: pg_dump --format=custom --file=${path} "$TBG_DATABASE_URL"`
    : `the database is PostgreSQL (${where}): stop tbg, then pg_restore --clean --if-exists --dbname="$TBG_DATABASE_URL" ${path}`;
}

/** `tbg backup PATH`: a consistent copy of the SQLite database, also while the pool runs. */
export async function backupCommand(io: Io, args: string[]): Promise<number> {
  const config = configOrExit(io);
  if (!config) return 1;
  const [path] = args;
  if (!path) {
    io.err("tbg: usage: tbg backup PATH");
    return 2;
  }
  if (config.database.engine === "postgres") {
    io.err(`tbg: ${pgHint(config, "backup", path)}`);
    return 1;
  }
  const { backupSqlite, BackupProblem } = await import("./db/backup.ts");
  try {
    const r = backupSqlite(config.databasePath, resolvePath(path));
    io.out(`backup written: ${r.path} (${(r.bytes / 1048576).toFixed(1)} MiB in ${r.ms} ms); restore it with: tbg restore ${r.path}`);
    return 0;
  } catch (e) {
    if (!(e instanceof BackupProblem)) throw e;
    io.err(`tbg: ${e.message}`);
    return 1;
  }
}

/** `tbg restore PATH`: refused while a tbg serves from this data directory. */
export async function restoreCommand(io: Io, args: string[]): Promise<number> {
  const config = configOrExit(io);
  if (!config) return 1;
  const [path] = args;
  if (!path) {
    io.err("tbg: usage: tbg restore PATH");
    return 2;
  }
  if (config.database.engine === "postgres") {
    io.err(`tbg: ${pgHint(config, "restore", path)}`);
    return 1;
  }
  const { runningPid } = await import("./admin/pidfile.ts");
  const pid = runningPid(config.dataDir);
  if (pid !== null) {
    io.err(`tbg: tbg is running on this database (pid ${pid}): stop it first (systemctl stop tbg, or Ctrl-C), then restore; nothing was changed`);
    return 1;
  }
  const { restoreSqlite, BackupProblem } = await import("./db/backup.ts");
  try {
    const r = restoreSqlite(config.databasePath, resolvePath(path));
    io.out(`restored ${resolvePath(path)} to ${config.databasePath}${r.keptAs ? `; the previous database is kept as ${r.keptAs}` : ""}`);
    return 0;
  } catch (e) {
    if (!(e instanceof BackupProblem)) throw e;
    io.err(`tbg: ${e.message}; nothing was changed`);
    return 1;
  }
}
