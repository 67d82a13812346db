// `tbg admin create --email E --password P`: makes (or promotes) an admin account from the shell.
// `tbg admin rotate-keys [--retire-old]`: a new JWT signing key; optionally deletes the old ones.
import type { Config } from "../config.ts";
import { openStorage } from "../db/storage.ts";
import { Passwords } from "../auth/passwords.ts";
import { JwtKeys } from "../auth/jwt.ts";
import { createAdmin } from "./admin.ts";

export interface CommandIo {
  out(line: string): void;
  err(line: string): void;
}

const USAGE = "usage: tbg admin create --email EMAIL --password PASSWORD\n       tbg admin rotate-keys [--retire-old]";

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i >= 0) return args[i + 1];
  const eq = args.find((a) => a.startsWith(`${name}=`));
  return eq?.slice(name.length + 1);
}

/**
 * Exit codes: 0 done, 1 refused (bad email or weak password), 2 usage. `storage`: the SQLite file
 * or postgres:// URL to work on, by default the configured database.
 */
export async function adminCommand(argv: string[], io: CommandIo, config: Config, now: () => number = Date.now, storage: string = config.databasePath): Promise<number> {
  const [sub, ...args] = argv;
  if (sub === "rotate-keys") return rotateKeys(args, io, config, now);
  if (sub !== "create") {
    io.err(USAGE);
    return 2;
  }
  const email = flag(args, "--email");
  const password = flag(args, "--password");
  if (!email || !password) {
    io.err(USAGE);
    return 2;
  }
  const opened = await openStorage(storage);
  try {
    // The account and its audit row commit together.
    const r = await createAdmin(opened.repos, new Passwords(), email, password, now(), (tx, user) =>
      tx.auth.insertAudit({ userId: user.id, action: "admin_created", ipAddress: "local", userAgent: "tbg admin create", metadata: JSON.stringify({ source: "cli" }), createdAt: now() }),
    );
    if (!r.ok) {
      io.err(`tbg admin: ${r.reason}`);
      return 1;
    }
    io.out(r.created ? `created admin ${r.user.email} (user ${r.user.id})` : `${r.user.email} (user ${r.user.id}) is now an admin; password updated`);
    return 0;
  } finally {
    await opened.close();
  }
}

/**
 * A new signing key in <data>/keys. A running server picks it up when restarted; until then it
 * keeps signing with the key it loaded. --retire-old deletes the other keys, so access tokens
 * they signed stop verifying (refresh tokens are not JWTs and keep working).
 */
function rotateKeys(args: string[], io: CommandIo, config: Config, now: () => number): number {
  const unknown = args.filter((a) => a !== "--retire-old");
  if (unknown.length > 0) {
    io.err(USAGE);
    return 2;
  }
  const keys = JwtKeys.open(config.dataDir, { issuer: config.jwt.issuer, audience: config.jwt.audience, now });
  const kid = keys.rotate();
  io.out(`new signing key ${kid}; restart tbg to sign with it`);
  if (args.includes("--retire-old")) {
    const removed = keys.retireOld();
    io.out(removed.length ? `retired ${removed.join(", ")}: tokens they signed no longer verify` : "no older keys to retire");
  }
  return 0;
}
