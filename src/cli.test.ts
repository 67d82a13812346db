// The `tbg` command as a user runs it: a real process, its exit code and what it prints.
// Zero configuration is SQLite (data/tbg.sqlite); the PostgreSQL test names its own database.
import { describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freshPostgresUrl } from "../test/postgres.ts";
import { SPEC } from "./config.ts";
import { VERSION } from "./version.ts";

const MAIN = join(import.meta.dir, "main.ts");

async function tbg(args: string[], opts: { env?: Record<string, string>; cwd?: string } = {}) {
  const cwd = opts.cwd ?? mkdtempSync(join(tmpdir(), "tbg-cli-"));
  const proc = Bun.spawn(["bun", MAIN, ...args], {
    cwd,
    env: { PATH: process.env.PATH!, HOME: cwd, ...opts.env },
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { stdout, stderr, code, cwd };
}

describe("tbg", () => {
  test("--help lists every command and every TBG_ variable with its default", async () => {
    const r = await tbg(["--help"]);
    expect(r.code).toBe(0);
    for (const cmd of ["tbg migrate", "tbg mine", "tbg verify-message", "--version"]) expect(r.stdout).toContain(cmd);
    for (const name of Object.keys(SPEC)) expect(r.stdout).toContain(name);
    expect(r.stdout).toContain("(default: 8080)");
  });

  test("--version prints the version", async () => {
    const r = await tbg(["--version"]);
    expect(r).toMatchObject({ code: 0, stdout: `${VERSION}\n` });
  });

  test("a bad value stops start-up with one clear line and a non-zero exit", async () => {
    const r = await tbg([], { env: { TBG_HTTP_PORT: "abc" } });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('tbg: TBG_HTTP_PORT="abc" is invalid: expected an integer port 0-65535\n');
    const net = await tbg([], { env: { TBG_NETWORK: "testnet5" } });
    expect(net.code).toBe(1);
    expect(net.stderr.trim().split("\n")).toEqual(['tbg: TBG_NETWORK="testnet5" is invalid: expected one of mainnet, testnet, testnet4, signet, regtest']);
  });

  test("settings in .env are read", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "tbg-cli-"));
    writeFileSync(join(cwd, ".env"), "TBG_STRATUM_PORT=99999\n");
    const r = await tbg([], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('TBG_STRATUM_PORT="99999" is invalid');
  });

  test("migrate creates the database in ./data and is idempotent", async () => {
    const first = await tbg(["migrate"]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^applied \d+ migration\(s\): 0000_foundation/);
    expect(await Bun.file(join(first.cwd, "data", "tbg.sqlite")).exists()).toBe(true);
    const again = await tbg(["migrate"], { cwd: first.cwd });
    expect(again.stdout).toMatch(/^database is up to date/);
  });

  test("admin create makes an admin account in the data dir's database", async () => {
    const weak = await tbg(["admin", "create", "--email", "op@example.com", "--password", "short"]);
    expect(weak.code).toBe(1);
    const ok = await tbg(["admin", "create", "--email", "op@example.com", "--password", "Correct-Horse-42"], { cwd: weak.cwd });
    expect(ok.code).toBe(0);
    const { Database } = await import("bun:sqlite");
    const db = new Database(join(weak.cwd, "data", "tbg.sqlite"), { readonly: true });
    expect(db.query("SELECT role FROM users WHERE email = 'op@example.com'").get()).toEqual({ role: "admin" });
    db.close();
  });

  test("migrate, doctor and admin create on PostgreSQL (TBG_DATABASE_URL): the configured database, never a SQLite file", async () => {
    const url = await freshPostgresUrl("cli");
    const env = { TBG_DATABASE_URL: url };
    const where = url.replace("postgres://postgres@", "");
    const first = await tbg(["migrate"], { env });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("applied ");
    expect(first.stdout).toContain(`database: postgres ${where}`);
    const again = await tbg(["migrate"], { env, cwd: first.cwd });
    expect(again.stdout).toContain("database is up to date");
    const doctor = await tbg(["doctor", "--database"], { env, cwd: first.cwd });
    expect(doctor.code).toBe(0);
    expect(doctor.stdout).toContain(`ok   postgresql: ${where} answers`);
    const admin = await tbg(["admin", "create", "--email", "root@pool.lan", "--password", "Adm!nPass-2026"], { env, cwd: first.cwd });
    expect(admin.code).toBe(0);
    expect(await Bun.file(join(first.cwd, "data", "tbg.sqlite")).exists()).toBe(false);
    const pg = new Bun.SQL(url, { max: 1 });
    const [row] = await pg`SELECT role FROM users WHERE email = 'root@pool.lan'`;
    await pg.close();
    expect(row).toEqual({ role: "admin" });
  });

  test("an unknown command is an error", async () => {
    const r = await tbg(["frobnicate"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command "frobnicate"');
  });
});
