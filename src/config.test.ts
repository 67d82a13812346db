import { describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configHelp, editDistance, loadConfig, SPEC } from "./config.ts";

const dir = () => mkdtempSync(join(tmpdir(), "tbg-config-"));

describe("loadConfig", () => {
  test("no configuration at all: SQLite in ./data, web 8080, stratum 3333, mainnet", () => {
    const cwd = process.cwd();
    const d = dir();
    process.chdir(d);
    try {
      const r = loadConfig({});
      if (!r.ok) throw new Error(r.errors.join("\n"));
      expect(r.config.dataDir).toBe(join(d, "data"));
      expect(r.config.databasePath).toBe(join(d, "data", "tbg.sqlite"));
      expect(r.config.database).toEqual({ engine: "sqlite", path: join(d, "data", "tbg.sqlite") });
      expect(r.config.http.port).toBe(8080);
      expect(r.config.stratum.port).toBe(3333);
      expect(r.config.network).toBe("mainnet");
      expect(r.config.node.url).toBe("http://127.0.0.1:8332");
      expect(r.config.stratum.versionMask).toBe(0x1fffe000);
      expect(r.config.shareRetentionMs).toBe(24 * 3600 * 1000);
      expect(r.config.smtp).toBeUndefined();
    } finally {
      process.chdir(cwd);
    }
  });

  test("TBG_DATABASE_URL: sqlite: a file, postgres:// or postgresql:// a PostgreSQL database; a bad one is one line without the password", () => {
    const d = dir();
    const ok = (url: string) => {
      const r = loadConfig({ TBG_DATA_DIR: d, TBG_DATABASE_URL: url });
      if (!r.ok) throw new Error(r.errors.join("\n"));
      return r.config.database;
    };
    expect(ok(`sqlite:${join(d, "x.db")}`)).toEqual({ engine: "sqlite", path: join(d, "x.db") });
    expect(ok("postgres://tbg:s3cret@db.lan:5432/pool")).toEqual({ engine: "postgres", url: "postgres://tbg:s3cret@db.lan:5432/pool", where: "db.lan:5432/pool" });
    expect(ok("postgresql://db.lan/pool")).toMatchObject({ engine: "postgres", where: "db.lan/pool" });
    for (const [url, why] of [
      ["postgres://tbg:s3cret@db.lan", "expected a database name"],
      ["postgres://tbg:s3cret@/pool", "does not parse"],
      ["mysql://tbg:s3cret@db.lan/pool", "expected empty, sqlite:/path/to/file.db or postgres://"],
    ] as const) {
      const r = loadConfig({ TBG_DATA_DIR: d, TBG_DATABASE_URL: url });
      if (r.ok) throw new Error(`accepted ${url}`);
      expect(r.errors).toHaveLength(1);
      expect(r.errors[0]).toStartWith("TBG_DATABASE_URL=");
      expect(r.errors[0]).toContain(why);
      expect(r.errors[0]).toContain("***");
      expect(r.errors[0]).not.toContain("s3cret");
    }
  });

  test("typed values from the environment", () => {
    const r = loadConfig({
      TBG_DATA_DIR: dir(),
      TBG_HTTP_PORT: "0",
      TBG_NETWORK: "regtest",
      TBG_MIN_DIFF: "0.001",
      TBG_SHARE_RETENTION: "36h",
      TBG_VERSION_MASK: "ffffffff",
      TBG_SMTP_HOST: "mail.local",
      TBG_SMTP_SECURE: "yes",
      TBG_CORS_ORIGINS: "https://a.example, https://b.example",
    });
    if (!r.ok) throw new Error(r.errors.join("\n"));
    expect(r.config.http.port).toBe(0);
    expect(r.config.node.url).toBe("http://127.0.0.1:18443");
    expect(r.config.node.cookieFile).toEndWith("/.bitcoin/regtest/.cookie");
    expect(r.config.stratum.minDiff).toBe(0.001);
    expect(r.config.shareRetentionMs).toBe(36 * 3600 * 1000);
    expect(r.config.stratum.versionMask).toBe(0xffffffff);
    expect(r.config.smtp).toMatchObject({ host: "mail.local", port: 587, secure: true });
    expect(r.config.http.corsOrigins).toEqual(["https://a.example", "https://b.example"]);
  });

  test("each bad value gives one line naming the variable and what is allowed", () => {
    const r = loadConfig({ TBG_DATA_DIR: dir(), TBG_HTTP_PORT: "abc", TBG_NETWORK: "moon", TBG_STRATUM_PORT: "70000", TBG_SHARE_RETENTION: "soon" });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      'TBG_HTTP_PORT="abc" is invalid: expected an integer port 0-65535',
      'TBG_STRATUM_PORT="70000" is invalid: expected an integer port 0-65535',
      'TBG_NETWORK="moon" is invalid: expected one of mainnet, testnet, testnet4, signet, regtest',
      'TBG_SHARE_RETENTION="soon" is invalid: expected a duration such as 90s, 15m, 24h or 7d',
    ]);
  });

  test("an unwritable data dir is refused", () => {
    const file = join(dir(), "a-file");
    writeFileSync(file, "x");
    const r = loadConfig({ TBG_DATA_DIR: join(file, "data") });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toStartWith(`TBG_DATA_DIR="${join(file, "data")}" is invalid: expected a writable directory`);
  });

  test("rules across variables", () => {
    const r = loadConfig({ TBG_DATA_DIR: dir(), TBG_POOL_FEE_PERCENT: "1", TBG_MIN_DIFF: "10", TBG_MAX_DIFF: "1", TBG_ADMIN_EMAIL: "a@b.cd" });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors.map((e) => e.split(" ")[0])).toEqual(["TBG_MIN_DIFF=10", "TBG_POOL_FEE_ADDRESS", "TBG_ADMIN_EMAIL"]);
  });
});

test("help lists every variable with its default", () => {
  const help = configHelp();
  for (const name of Object.keys(SPEC)) expect(help).toContain(name);
  expect(help).toMatch(/TBG_HTTP_PORT\s+.*\(default: 8080\)/);
  expect(help).toMatch(/TBG_STRATUM_PORT\s+.*\(default: 3333\)/);
  expect(help).toMatch(/TBG_DATA_DIR\s+.*\(default: \.\/data\)/);
});

test("the README's configuration table is the current one", async () => {
  const { configMarkdown } = await import("./config.ts");
  const readme = await Bun.file(new URL("../README.md", import.meta.url)).text();
  expect(readme).toContain(configMarkdown());
});

describe("unknown TBG_ variables", () => {
  test("each is named with the nearest real setting when one is close; tool variables are not warned about", () => {
    const r = loadConfig({ TBG_DATA_DIR: mkdtempSync(join(tmpdir(), "tbg-cfg-")), TBG_HTTP_PROT: "1", TBG_NETWRK: "regtest", TBG_ZZZZZZZZ: "1", TBG_BITCOIND_CACHE: "/x", OTHER_VAR: "1" });
    expect(r.ok).toBe(true);
    expect(r.warnings).toEqual([
      "TBG_HTTP_PROT is not a setting tbg knows and is ignored: did you mean TBG_HTTP_PORT?",
      "TBG_NETWRK is not a setting tbg knows and is ignored: did you mean TBG_NETWORK?",
      "TBG_ZZZZZZZZ is not a setting tbg knows and is ignored (tbg --help lists them)",
    ]);
    expect(editDistance("TBG_HTTP_PROT", "TBG_HTTP_PORT")).toBe(1);
  });
});
