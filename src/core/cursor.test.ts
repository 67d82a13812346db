import { expect, test } from "bun:test";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import { AppError } from "./errors.ts";

test("a cursor round-trips the values it was made from and looks opaque", () => {
  const c = encodeCursor([1_700_000_000_000, "alice", 42.5]);
  expect(c).toMatch(/^[A-Za-z0-9_-]+$/);
  expect(c).not.toContain("alice");
  expect(decodeCursor(c, ["number", "string", "number"] as const)).toEqual([1_700_000_000_000, "alice", 42.5]);
  expect(decodeCursor(undefined, ["number"])).toBeNull();
  expect(decodeCursor("", ["number"])).toBeNull();
});

test("a cursor of the wrong shape or tampered with is a VALIDATION error", () => {
  const good = encodeCursor([7]);
  for (const bad of [encodeCursor(["7"]), encodeCursor([7, 8]), "not base64!", "x".repeat(600), Buffer.from("{}").toString("base64url"), good.slice(1)]) {
    let err: unknown;
    try {
      decodeCursor(bad, ["number"]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("VALIDATION");
  }
  expect(() => encodeCursor([Number.NaN])).toThrow(RangeError);
});
