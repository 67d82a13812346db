#!/usr/bin/env bun
// The one entry point of the `tbg` binary.
import { restartWithAllocatorSetting } from "./allocator.ts";
import { backupCommand, configOrExit, databaseTarget, doctorCommand, restoreCommand, helpText, loggerFor, migrateCommand, type Io } from "./cli.ts";
import { DatabaseProblem } from "./db/sqlite.ts";
import { StartupProblem } from "./port-in-use.ts";
import { VERSION } from "./version.ts";

const io: Io = { out: (l) => process.stdout.write(l + "\n"), err: (l) => process.stderr.write(l + "\n") };

async function serve(): Promise<number> {
  // Before anything starts: may replace this process with itself under the allocator setting
  // the stratum engine wants (src/allocator.ts); returns when that is already in place.
  restartWithAllocatorSetting();
  const config = configOrExit(io);
  if (!config) return 1;
  const { LogRing } = await import("./log.ts");
  const logRing = new LogRing();
  const log = loggerFor(config, logRing);
  log.info(`The Bitcoin Game ${VERSION} starting`, { data_dir: config.dataDir });
  const { startServer } = await import("./server.ts");
  // The handlers are in place before anything starts: a SIGTERM that arrives while the server is
  // still starting (its "listening" lines are already out) waits for the start, then stops it
  // cleanly, instead of killing the process with the default action.
  let running: Awaited<ReturnType<typeof startServer>> | null = null;
  let requested: string | null = null;
  const shutdown = (signal: string) => {
    if (running === null) {
      log.info(`${signal} received while starting; stopping once started`);
      requested = signal;
      return;
    }
    log.info(`${signal} received, shutting down`);
    const deadline = setTimeout(() => {
      log.error("shutdown took too long, exiting");
      process.exit(1);
    }, config.shutdownTimeoutMs);
    running.stop().then(
      () => {
        clearTimeout(deadline);
        process.exit(0);
      },
      (e) => {
        log.error("shutdown failed", { error: e as Error });
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  running = await startServer(config, log, { logRing });
  if (requested !== null) shutdown(requested);
  process.on("unhandledRejection", (e) => log.error("unhandled rejection", { error: e as Error }));
  return -1; // keep running
}

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case undefined:
    case "serve":
      return serve();
    case "--help":
    case "-h":
    case "help":
      io.out(helpText());
      return 0;
    case "--version":
    case "-v":
    case "version":
      io.out(VERSION);
      return 0;
    case "migrate":
      return await migrateCommand(io);
    case "backup":
      return await backupCommand(io, rest);
    case "restore":
      return await restoreCommand(io, rest);
    case "doctor":
      return await doctorCommand(io, rest);
    case "mine": {
      const { mineCommand } = await import("../stratum/index.ts");
      return mineCommand(rest);
    }
    case "admin": {
      const config = configOrExit(io);
      if (!config) return 1;
      const { adminCommand } = await import("./admin/command.ts");
      // The configured database, either engine (not only the SQLite file).
      return adminCommand(rest, io, config, Date.now, databaseTarget(config));
    }
    case "lottery": {
      const { lotteryCommand } = await import("./compete/verify-command.ts");
      return lotteryCommand(rest, io);
    }
    case "verify-message": {
      const { verifyMessageCommand } = await import("./auth/crypto/verify-message-cli.ts");
      return verifyMessageCommand(rest, { log: io.out, error: io.err });
    }
    default:
      io.err(`tbg: unknown command ${JSON.stringify(cmd)} (see tbg --help)`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (e) => {
    // A database or port the operator must fix gets its one line (what, problem, what to do);
    // anything else is a bug and keeps its stack.
    if (e instanceof DatabaseProblem || e instanceof StartupProblem) process.stderr.write(`tbg: ${e.message}\n`);
    else process.stderr.write(`tbg: ${(e as Error).stack ?? e}\n`);
    process.exit(1);
  },
);
