// What an operator sees when the database cannot be trusted: `tbg` (a real subprocess) refuses
// to start with one line naming the file and what to do, and `tbg doctor` says what is wrong.
import { describe, expect, test } from "bun:test";
import { chmodSync, mkdtempSync, openSync, writeSync, closeSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../../test/ports.ts";
import { openDatabase } from "./client.ts";
import { assertIntact, FULL_START_CHECK_MAX_BYTES, openSqlite } from "./sqlite.ts";

const MAIN = join(import.meta.dir, "..", "main.ts");
const PAGE = 4096;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `bun src/main.ts args` with TBG_DATA_DIR=dir. `readOnly` makes the database file
 * read-only for the child in a way that holds for root too (tests may run as root, where file
 * modes do not stop writes): a read-only bind mount of the file in a private mount namespace.
 * A child that is still running after 20 s (it started instead of refusing) is killed.
 */
async function tbg(dir: string, args: string[] = [], opts: { readOnly?: string; env?: Record<string, string> } = {}): Promise<Run> {
  const env = {
    PATH: process.env.PATH!,
    HOME: dir,
    TBG_DATA_DIR: dir,
    TBG_HTTP_HOST: "127.0.0.1",
    TBG_HTTP_PORT: String(freePort()),
    TBG_STRATUM_HOST: "127.0.0.1",
    TBG_STRATUM_PORT: String(freePort()),
    TBG_BITCOIN_RPC_URL: `http://127.0.0.1:${freePort()}`,
    TBG_BITCOIN_RPC_USER: "u",
    TBG_BITCOIN_RPC_PASSWORD: "p",
    ...opts.env,
  };
  const cmd = ["bun", MAIN, ...args];
  const argv =
    opts.readOnly === undefined
      ? cmd
      : AS_ROOT
        ? ["unshare", "-rm", "sh", "-c", 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" "$0" && exec "$@"', opts.readOnly, ...cmd]
        : cmd;
  if (opts.readOnly !== undefined && !AS_ROOT) chmodSync(opts.readOnly, statSync(opts.readOnly).isDirectory() ? 0o555 : 0o444);
  const proc = Bun.spawn(argv, { cwd: dir, env, stdout: "pipe", stderr: "pipe" });
  const killer = setTimeout(() => proc.kill("SIGKILL"), 20_000);
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  clearTimeout(killer);
  return { code, stdout, stderr };
}

const AS_ROOT = process.getuid?.() === 0;

/** A migrated database with a table spanning a few hundred pages, merged into the main file. */
async function populated(dir: string): Promise<string> {
  const path = join(dir, "tbg.sqlite");
  const db = openDatabase(path);
  db.sqlite.run("CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
  db.sqlite.transaction(() => {
    for (let i = 0; i < 4000; i++) db.sqlite.run("INSERT INTO filler (body) VALUES (?)", [`row ${i} `.padEnd(300, "x")]);
  })();
  await db.checkpoint();
  db.close();
  return path;
}

/** Overwrites whole pages in the middle of the file with (seeded, so reproducible) random bytes. */
function corruptMiddlePages(path: string): void {
  const pages = Math.floor(statSync(path).size / PAGE);
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
  const fd = openSync(path, "r+");
  for (let p = Math.floor(pages / 2); p < Math.floor(pages / 2) + 8; p++) {
    const junk = Buffer.alloc(PAGE);
    for (let i = 0; i < PAGE; i++) junk[i] = rnd();
    writeSync(fd, junk, 0, PAGE, p * PAGE);
  }
  closeSync(fd);
}

/** The operator's view of a refusal: one `tbg:` line naming the file, no stack trace. */
function expectOneClearLine(r: Run, path: string, what: RegExp): string {
  expect(r.code).not.toBe(0);
  const lines = r.stderr.trim().split("\n").filter((l) => l.startsWith("tbg:"));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(path);
  expect(lines[0]).toMatch(what);
  expect(r.stderr).not.toMatch(/^\s+at /m); // no stack frames
  return lines[0]!;
}

describe("refused start", () => {
  test("a file that is not a database: one line with the path and what to do", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tbg-garbage-"));
    const path = join(dir, "tbg.sqlite");
    writeFileSync(path, Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => (i * 7 + 3) & 0xff)));
    const line = expectOneClearLine(await tbg(dir), path, /cannot be opened \(file is not a database\)/);
    expect(line).toContain("restore a backup");
    const doc = await tbg(dir, ["doctor", "--database"]);
    expect(doc.code).toBe(1);
    expect(doc.stderr).toContain(`FAIL database opens: database ${path} cannot be opened`);
  }, 60_000);

  test("random bytes in middle pages: refused at start, and `tbg doctor` reports the damage", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tbg-corrupt-"));
    const path = await populated(dir);
    // Sound before the damage: doctor passes (and this is the check an operator runs on a backup).
    const before = await tbg(dir, ["doctor", "--database"]);
    expect(before.stdout).toContain("no problems found");
    expect(before.code).toBe(0);
    corruptMiddlePages(path);
    expectOneClearLine(await tbg(dir), path, /is damaged \(/);
    const doc = await tbg(dir, ["doctor", "--database"]);
    expect(doc.code).toBe(1);
    expect(doc.stderr).toMatch(new RegExp(`FAIL integrity: ${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} is damaged: .+restore a backup`));
  }, 60_000);

  test("a read-only database file: refused with the path instead of accepting shares it cannot store", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tbg-ro-"));
    const path = await populated(dir);
    const r = await tbg(dir, [], { readOnly: path });
    expectOneClearLine(r, path, /is not writable \(attempt to write a readonly database\).*make the file/);
    expect(r.stderr).not.toContain("listening"); // neither stratum nor http came up
    const doc = await tbg(dir, ["doctor", "--database"], { readOnly: path });
    expect(doc.code).toBe(1);
    expect(doc.stderr).toContain("FAIL writable:");
    expect(doc.stdout).toContain("ok   integrity:");
  }, 60_000);

  test("a database in a read-only directory (TBG_DATABASE_URL): refused with the path and the access fix", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "tbg-rodata-"));
    const dbDir = mkdtempSync(join(tmpdir(), "tbg-rodir-"));
    const path = await populated(dbDir);
    const env = { TBG_DATABASE_URL: `sqlite:${path}` };
    const line = expectOneClearLine(await tbg(dataDir, [], { readOnly: dbDir, env }), path, /cannot be opened|is not writable/);
    expect(line).toContain("readable and writable by the user running tbg");
    expect(line).not.toContain("restore a backup"); // nothing is damaged
    const doc = await tbg(dataDir, ["doctor", "--database"], { readOnly: dbDir, env });
    expect(doc.code).toBe(1);
  }, 60_000);

  test("doctor: all checks listed on a fresh data directory's database", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tbg-doctor-"));
    expect((await tbg(dir, ["migrate"])).code).toBe(0);
    const r = await tbg(dir, ["doctor", "--database"]);
    expect(r.code).toBe(0);
    for (const name of ["free space", "database opens", "integrity", "writable", "migrations"]) expect(r.stdout).toContain(`ok   ${name}:`);
  }, 60_000);
});

describe("start-up check of a big file", () => {
  // Above FULL_START_CHECK_MAX_BYTES the start-up check leaves the raw shares table to `tbg
  // doctor` (it is most of a big file); damage anywhere else is still refused. The size is
  // passed in, so a small real file stands for a big one.
  test("damage outside the raw shares table is still refused", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tbg-big-"));
    const path = await populated(dir);
    corruptMiddlePages(path);
    const sqlite = openSqlite(path);
    try {
      expect(() => assertIntact(sqlite, path, FULL_START_CHECK_MAX_BYTES + 1)).toThrow(`database ${path} is damaged`);
    } finally {
      sqlite.close();
    }
  });

  test("a sound big file passes, and says what it checked", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tbg-big-"));
    const path = await populated(dir);
    const sqlite = openSqlite(path);
    try {
      expect(assertIntact(sqlite, path, FULL_START_CHECK_MAX_BYTES + 1).scope).toBe("all but raw shares");
      expect(assertIntact(sqlite, path, 1).scope).toBe("all");
    } finally {
      sqlite.close();
    }
  });
});
