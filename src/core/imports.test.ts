// src/core is what every domain shares, so it may depend on nothing: only its own files.
import { expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

test("src/core imports nothing outside itself", () => {
  const files = readdirSync(import.meta.dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));
  expect(files.length).toBeGreaterThanOrEqual(4);
  for (const f of files) {
    const specifiers = [...readFileSync(join(import.meta.dir, f), "utf8").matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)].map((m) => m[1]);
    expect({ file: f, outside: specifiers.filter((s) => !/^\.\/[\w-]+\.ts$/.test(s!)) }).toEqual({ file: f, outside: [] });
  }
});
