import { expect, test } from "bun:test";
import { AppError, conflict, isAppError, notFound, rateLimited, validation } from "./errors.ts";

test("an AppError carries its code, message, details and an optional specific reason", () => {
  const e = validation("email is not valid", { field: "email" });
  expect(e).toBeInstanceOf(Error);
  expect(isAppError(e)).toBe(true);
  expect(isAppError(new Error("x"))).toBe(false);
  expect([e.code, e.message, e.details, e.publicCode]).toEqual(["VALIDATION", "email is not valid", { field: "email" }, "VALIDATION"]);
  const sig = new AppError("UNAUTHORIZED", "The provided Bitcoin message signature is invalid.", { reason: "AUTH_INVALID_SIGNATURE" });
  expect([sig.code, sig.publicCode, sig.details]).toEqual(["UNAUTHORIZED", "AUTH_INVALID_SIGNATURE", null]);
  expect(notFound("worker").message).toBe("worker not found");
  expect(conflict("display name taken", "NAME_TAKEN").publicCode).toBe("NAME_TAKEN");
  expect(rateLimited(30).details).toEqual({ retry_after: 30 });
  const cause = new Error("disk full");
  expect(new AppError("INTERNAL", "could not save", { cause }).cause).toBe(cause);
});
