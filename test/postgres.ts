// A private PostgreSQL server for tests: Debian's binaries, a cluster in a temp dir (the socket
// too), on a free port, started on first use and shared by every test file of the process (one
// per `bun test --parallel` worker: --no-isolate keeps its modules across files), gone when the
// process ends. Each caller gets a fresh database and its URL: an empty one (freshPostgresUrl,
// for tests of migrating itself) or one with every migration applied (freshMigratedPostgresUrl),
// copied from a template database migrated once per process — running all migrations for each
// of the suite's hundreds of databases cost minutes of CI time.
//
// initdb and postgres refuse to run as root, and tests here run as root: the cluster then
// belongs to the `postgres` system user and its binaries run as that user.
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migratePostgres } from "../src/db/pg-migrate.ts";
import { freePort } from "./ports.ts";

export interface PgCluster {
  host: string;
  port: number;
  /** URL of a new empty database on the cluster (named after `label` for readable failures). */
  createDatabase(label?: string): Promise<string>;
  /** URL of a new database with every bundled migration applied (a copy of the migrated template). */
  createMigratedDatabase(label?: string): Promise<string>;
}

const PREFIX = "tbg-pg-";
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

/** A fresh database on the shared cluster with every migration applied, as openStorage would leave it. */
export async function freshMigratedPostgresUrl(label = "t"): Promise<string> {
  return (await pgCluster()).createMigratedDatabase(label);
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
  sweepStale();
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), PREFIX));
  const data = join(dir, "data");
  if (asRoot) {
    const { uid, gid } = postgresIds();
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  // setpriv runs a server binary as the cluster's owner when we are root, and gives the server
  // a parent-death signal: however this process ends (even killed), the server goes with it.
  const as = (pdeathsig: boolean) => [
    "setpriv",
    ...(asRoot ? ["--reuid=postgres", "--regid=postgres", "--init-groups"] : []),
    ...(pdeathsig ? ["--pdeathsig", "QUIT"] : []),
    "--",
  ];
  const init = spawnSync(as(false)[0]!, [...as(false).slice(1), join(bin, "initdb"), "-D", data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C"], {
    encoding: "utf8",
  });
  if (init.status !== 0) throw new Error(`initdb failed (${init.status}): ${init.stderr || init.stdout}`);

  const port = freePort();
  const log = join(dir, "server.log");
  // fsync off: a test cluster that loses data on an OS crash costs nothing and saves seconds.
  const server = Bun.spawn(
    [...as(true), join(bin, "postgres"), "-D", data, "-p", String(port), "-k", dir, "-c", "listen_addresses=127.0.0.1",
      "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=200"],
    { stdout: Bun.file(log), stderr: Bun.file(log) },
  );
  // The temp dir is removed once this process and then the server are gone, by a small
  // watcher that outlives us: bun test runs no exit hooks, and a killed run runs nothing.
  const watcher = spawn(
    "sh",
    ["-c", 'while kill -0 "$0" 2>/dev/null; do sleep 0.5; done; while kill -0 "$1" 2>/dev/null; do sleep 0.2; done; rm -rf "$2"', String(process.pid), String(server.pid), dir],
    { detached: true, stdio: "ignore" },
  );
  watcher.unref();

  const host = "127.0.0.1";
  const admin = new Bun.SQL(`postgres://postgres@${host}:${port}/postgres`, { max: 1, connectionTimeout: 2 });
  for (let waited = 0; ; waited += 100) {
    try {
      await admin`SELECT 1`;
      break;
    } catch (err) {
      if (server.exitCode !== null || waited > 30_000)
        throw new Error(`the test PostgreSQL server did not start: ${String(err)}\n${readFileSync(log, "utf8").slice(-2000)}`);
      await Bun.sleep(100);
    }
  }
  const urlOf = (name: string) => `postgres://postgres@${host}:${port}/${name}`;
  const nameOf = (label: string) => `tbg_${label.toLowerCase().replace(/[^a-z0-9_]/g, "_").slice(0, 40)}_${++dbCount}`;
  // Migrated by the real runner, then closed: CREATE DATABASE … TEMPLATE needs the template
  // without connections, and nobody connects to it afterwards (it is only ever copied).
  let template: Promise<string> | null = null;
  const migratedTemplate = () =>
    (template ??= (async () => {
      const name = "tbg_template";
      await admin.unsafe(`CREATE DATABASE "${name}"`);
      const sql = new Bun.SQL(urlOf(name), { max: 1 });
      try {
        await migratePostgres(sql);
      } finally {
        await sql.close();
      }
      return name;
    })());
  return {
    host,
    port,
    async createDatabase(label = "t") {
      const name = nameOf(label);
      await admin.unsafe(`CREATE DATABASE "${name}"`);
      return urlOf(name);
    },
    async createMigratedDatabase(label = "t") {
      const from = await migratedTemplate();
      const name = nameOf(label);
      await admin.unsafe(`CREATE DATABASE "${name}" TEMPLATE "${from}"`);
      return urlOf(name);
    },
  };
}

/** Clusters of earlier runs whose watcher never ran (the machine stopped): old and without a live server. */
function sweepStale(): void {
  const cutoff = Date.now() - 10 * 60_000;
  for (const name of readdirSync(tmpdir()).filter((n) => n.startsWith(PREFIX))) {
    const dir = join(tmpdir(), name);
    try {
      if (statSync(dir).mtimeMs > cutoff) continue;
      const pidFile = join(dir, "data", "postmaster.pid");
      if (existsSync(pidFile)) {
        const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
        if (pid > 0 && alive(pid)) continue;
      }
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // another run's dir, mid-removal: not ours to worry about
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function postgresIds(): { uid: number; gid: number } {
  const r = spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
  const g = spawnSync("id", ["-g", "postgres"], { encoding: "utf8" });
  if (r.status !== 0 || g.status !== 0) throw new Error("the postgres system user is missing (Debian's postgresql package creates it)");
  return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
}
