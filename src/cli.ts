// Command-line entry: `tbg` serves; the other commands do one thing and exit.
import { configHelp, loadConfig, type Config } from "./config.ts";
import { openDatabase } from "./db/client.ts";
import { doctor } from "./db/doctor.ts";
import { createLogger, type Logger } from "./log.ts";
import { VERSION } from "./version.ts";

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

export const USAGE = `The Bitcoin Game ${VERSION} — a solo Bitcoin mining pool and game

Usage:
  tbg                     Start the pool, web app and API (the default)
  tbg serve               Same as above
  tbg migrate             Create or migrate the database, then exit
  tbg doctor              Check the database (full integrity check, writable, migrations
                          applied) and the data directory's free space; exit 1 on a problem
  tbg mine --url stratum+tcp://HOST:PORT --user ADDRESS[.worker] [--password x] [--threads N] [--shares N] [--once]
                          Mine with this machine's CPU: checks that a pool setup works;
                          reconnects when the pool goes away (--once: stop instead)
  tbg verify-message --address A --message M --signature S [--network N]
                          Verify a Bitcoin signed message (exit 0 valid, 1 invalid)
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

export function loggerFor(config: Config): Logger {
  return createLogger({ level: config.logLevel });
}

export function migrateCommand(io: Io): number {
  const config = configOrExit(io);
  if (!config) return 1;
  const db = openDatabase(config.databasePath, { verify: true });
  const m = db.migrated!;
  io.out(m.applied.length ? `applied ${m.applied.length} migration(s): ${m.applied.join(", ")}` : `database is up to date (${m.total} migrations)`);
  io.out(`database: ${config.databasePath}`);
  db.close();
  return 0;
}

/** `tbg doctor`: one line per check, exit 0 only when all pass. */
export function doctorCommand(io: Io): number {
  const config = configOrExit(io);
  if (!config) return 1;
  const checks = doctor(config.databasePath);
  for (const c of checks) (c.ok ? io.out : io.err)(`${c.ok ? "ok  " : "FAIL"} ${c.name}: ${c.detail}`);
  const failed = checks.filter((c) => !c.ok).length;
  io.out(failed ? `${failed} problem(s) found` : "no problems found");
  return failed ? 1 : 0;
}
