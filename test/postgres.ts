// A private PostgreSQL server for tests: Debian's binaries, a cluster in a temp dir, started on
// first use and shared by every test file of the process (bun test runs them all in one), then
// stopped when the process exits. Each caller gets a fresh, empty database and its URL.
//
// initdb refuses to run as root, and tests here run as root: the cluster then belongs to the
// `postgres` system user and every server command runs through `runuser`.
import { spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./ports.ts";

export interface PgCluster {
  host: string;
  port: number;
  /** URL of a new empty database on the cluster (named after `label` for readable failures). */
  createDatabase(label?: string): Promise<string>;
}

let started: Promise<PgCluster> | null = null;
let dbCount = 0;

/** True when the PostgreSQL server binaries are installed (scripts/test-setup.sh installs them). */
export function postgresAvailable(): boolean {
  return binDir() !== null;
}

/** The shared cluster, started on first call. */
export function pgCluster(): Promise<PgCluster> {
  started ??= start();
  return started;
}

/** A fresh empty database on the shared cluster. */
export async function freshPostgresUrl(label = "t"): Promise<string> {
  return (await pgCluster()).createDatabase(label);
}

function binDir(): string | null {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], "bin") : null;
}

async function start(): Promise<PgCluster> {
  const bin = binDir();
  if (!bin) throw new Error("PostgreSQL server binaries are missing: run scripts/test-setup.sh (installs Debian's postgresql)");
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), "tbg-pg-"));
  const data = join(dir, "data");
  const sockets = join(dir, "sock");
  if (asRoot) {
    const { uid, gid } = postgresIds();
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  // Runs a server binary as the cluster's owner; throws with its output when it fails.
  const run = (cmd: string, args: string[]) => {
    const full = join(bin, cmd);
    const r = asRoot
      ? spawnSync("runuser", ["-u", "postgres", "--", full, ...args], { encoding: "utf8" })
      : spawnSync(full, args, { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr || r.stdout}`);
  };
  run("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
  run("postgres", ["--version"]);
  spawnSync(asRoot ? "runuser" : "mkdir", asRoot ? ["-u", "postgres", "--", "mkdir", sockets] : [sockets]);
  const port = freePort();
  // fsync off: a test cluster that loses data on an OS crash costs nothing and saves seconds.
  const opts = `-p ${port} -k ${sockets} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  run("pg_ctl", ["-D", data, "-l", join(dir, "server.log"), "-o", opts, "-w", "-t", "60", "start"]);
  process.on("exit", () => {
    // Synchronous on purpose: nothing async runs once "exit" fires.
    const args = ["-D", data, "-m", "immediate", "stop"];
    if (asRoot) spawnSync("runuser", ["-u", "postgres", "--", join(bin, "pg_ctl"), ...args]);
    else spawnSync(join(bin, "pg_ctl"), args);
    rmSync(dir, { recursive: true, force: true });
  });

  const host = "127.0.0.1";
  const admin = new Bun.SQL(`postgres://postgres@${host}:${port}/postgres`, { max: 1 });
  return {
    host,
    port,
    async createDatabase(label = "t") {
      const name = `tbg_${label.toLowerCase().replace(/[^a-z0-9_]/g, "_").slice(0, 40)}_${++dbCount}`;
      await admin.unsafe(`CREATE DATABASE "${name}"`);
      return `postgres://postgres@${host}:${port}/${name}`;
    },
  };
}

function postgresIds(): { uid: number; gid: number } {
  const r = spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
  const g = spawnSync("id", ["-g", "postgres"], { encoding: "utf8" });
  if (r.status !== 0 || g.status !== 0) throw new Error("the postgres system user is missing (Debian's postgresql package creates it)");
  return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
}
