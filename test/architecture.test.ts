import { describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { check, describeViolation } from "./architecture.ts";

const ROOT = resolve(import.meta.dir, "..");

describe("architecture", () => {
  test("the tree keeps the seams of DESIGN.md", () => {
    expect(check(ROOT).map(describeViolation)).toEqual([]);
  });

  test("each rule names the offending file and import", () => {
    const dir = mkdtempSync(join(tmpdir(), "tbg-arch-"));
    const put = (path: string, text: string) => {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    };
    put("stratum/pool.ts", `import { x } from "../src/config.ts";`);
    put("src/auth/login.ts", `import { ApiError } from "../http/errors.ts"; import { y } from "../../stratum/node/rpc.ts";`);
    put("src/auth/login.test.ts", `import { ApiError } from "../http/errors.ts";`);
    put("views/page.ts", `import type { UserRow } from "../src/db/users.ts";`);
    put("src/db/users.ts", `import { rule } from "../users/names.ts"; export const x = 1;`);
    put("src/mining/stats.ts", `import { shares } from "../db/schema/mining.ts"; import { eq } from "drizzle-orm";`);
    put("src/core/time.ts", `import { x } from "../config.ts";`);
    put("src/mail/mailer.ts", `const host = process.env.SMTP_HOST;`);
    put("src/server.ts", `import { createApp } from "./http/app.ts"; import { createPool } from "../stratum/index.ts";`);
    const found = check(dir).map(describeViolation).sort();
    expect(found).toEqual(
      [
        "src/auth/login.ts → src/http/errors.ts: nothing outside src/http/ imports it (domains throw AppError; src/http maps it)",
        "src/auth/login.ts → stratum/node/rpc.ts: src/ reaches stratum/ only through stratum/index.ts or stratum/bitcoin/index.ts",
        "src/core/time.ts → src/config.ts: src/core imports nothing",
        "src/db/users.ts → src/users/names.ts: storage imports no domain module",
        "src/mail/mailer.ts → process.env: only src/config.ts reads the environment",
        "src/mining/stats.ts → drizzle-orm: only src/db/ imports tables and drizzle",
        "src/mining/stats.ts → src/db/schema/mining.ts: only src/db/ imports tables and drizzle",
        "stratum/pool.ts → src/config.ts: stratum/ imports nothing from src/ or views/",
        "views/page.ts → src/db/users.ts: views render plain data: no imports from src/db/ or src/http/",
      ].sort(),
    );
  });
});
