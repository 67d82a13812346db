import { afterEach, beforeEach, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig, type Config } from "../config.ts";
import { openStorage } from "../db/storage.ts";
import { TEST_ENGINE, testDatabaseTarget } from "../../test/storage.ts";
import { JwtKeys } from "../auth/jwt.ts";
import { adminCommand } from "./command.ts";

let dir: string;
let config: Config;
/** The database `tbg admin` works on: this test run's engine (test/storage.ts). */
let target: string;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "tbg-admin-"));
  const r = loadConfig({ TBG_DATA_DIR: dir });
  if (!r.ok) throw new Error(r.errors.join());
  config = r.config;
  // On SQLite the configured file in the data dir, which is what tbg admin opens by default.
  target = TEST_ENGINE === "sqlite" ? config.databasePath : await testDatabaseTarget("admin_cmd");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
}

test("tbg admin create makes an admin whose password verifies, then promotes on a second run", async () => {
  const a = io();
  expect(await adminCommand(["create", "--email", "Boss@Example.com", "--password", "Adm!nPass1"], a.io, config, Date.now, target)).toBe(0);
  expect(a.out[0]).toContain("created admin boss@example.com");
  const storage = await openStorage(target);
  try {
    const [row, ...more] = await storage.repos.users.listUsers({ limit: 10 });
    expect(more).toEqual([]);
    expect(row!.email).toBe("boss@example.com");
    expect(row!.role).toBe("admin");
    expect(row!.emailVerified).toBe(true);
    expect(await Bun.password.verify("Adm!nPass1", row!.passwordHash!)).toBe(true);
    expect((await storage.repos.auth.listAudit({ limit: 10, action: "admin_created" })).map((e) => e.userId)).toEqual([row!.id]);
  } finally {
    await storage.close();
  }
  const b = io();
  expect(await adminCommand(["create", "--email=boss@example.com", "--password=N3w!Password"], b.io, config, Date.now, target)).toBe(0);
  expect(b.out[0]).toContain("is now an admin");
});

test("bad input: weak password exits 1, missing flags exit 2", async () => {
  const a = io();
  expect(await adminCommand(["create", "--email", "x@example.com", "--password", "weak"], a.io, config, Date.now, target)).toBe(1);
  expect(a.err[0]).toContain("password");
  const b = io();
  expect(await adminCommand(["create", "--email", "x@example.com"], b.io, config)).toBe(2);
  expect(await adminCommand(["delete"], b.io, config)).toBe(2);
  expect(b.err[0]).toContain("usage: tbg admin create");
});

test("tbg admin rotate-keys adds a key the next start signs with; --retire-old makes old tokens fail", async () => {
  const opts = { issuer: config.jwt.issuer, audience: config.jwt.audience, now: Date.now };
  const before = JwtKeys.open(config.dataDir, opts);
  const old = await before.sign({ sub: "1", btc: null, role: "user", jti: "a" });

  const a = io();
  expect(await adminCommand(["rotate-keys"], a.io, config)).toBe(0);
  const after = JwtKeys.open(config.dataDir, opts);
  expect(after.kids).toHaveLength(2);
  expect(after.currentKid).not.toBe(before.currentKid);
  expect(a.out[0]).toContain(after.currentKid);
  expect(statSync(join(config.dataDir, "keys", `jwt-${after.currentKid}.pem`)).mode & 0o777).toBe(0o600);
  expect((await after.verify(old.token)).ok).toBe(true); // old tokens keep verifying

  const b = io();
  expect(await adminCommand(["rotate-keys", "--retire-old"], b.io, config)).toBe(0);
  const retired = JwtKeys.open(config.dataDir, opts);
  expect(retired.kids).toEqual([retired.currentKid]);
  expect(await retired.verify(old.token)).toMatchObject({ ok: false, code: "AUTH_TOKEN_INVALID" });
  expect((await retired.verify((await retired.sign({ sub: "1", btc: null, role: "user", jti: "b" })).token)).ok).toBe(true);

  const c = io();
  expect(await adminCommand(["rotate-keys", "--everything"], c.io, config)).toBe(2);
  expect(readdirSync(join(config.dataDir, "keys"))).toHaveLength(1);
});
