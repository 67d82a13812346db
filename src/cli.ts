// Command-line entry: `tbg` serves; the other commands do one thing and exit.
import { configHelp, loadConfig, type Config } from "./config.ts";
import { doctor } from "./db/doctor.ts";
import { openStorage } from "./db/storage.ts";
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

export function loggerFor(config: Config): Logger {
  return createLogger({ level: config.logLevel });
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

/** `tbg doctor`: one line per check, exit 0 only when all pass. */
export async function doctorCommand(io: Io): Promise<number> {
  const config = configOrExit(io);
  if (!config) return 1;
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
