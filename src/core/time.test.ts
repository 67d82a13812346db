import { expect, test } from "bun:test";
import { DAY_MS, dayStart, hourStart, minuteStart, monthStart, nextWeekStart, utcDay, weekStart, weeksBetween } from "./time.ts";

const at = (iso: string) => Date.parse(iso);

test("weeks start Monday 00:00 UTC", () => {
  expect(weekStart(at("2026-11-23T00:00:00Z"))).toBe(at("2026-11-23T00:00:00Z")); // a Monday
  expect(weekStart(at("2026-11-29T23:59:59.999Z"))).toBe(at("2026-11-23T00:00:00Z")); // its Sunday
  expect(weekStart(at("2026-11-30T00:00:00Z"))).toBe(at("2026-11-30T00:00:00Z"));
  expect(weekStart(at("1970-01-01T12:00:00Z"))).toBe(at("1969-12-29T00:00:00Z")); // the epoch was a Thursday
  expect(nextWeekStart(at("2026-11-25T10:00:00Z"))).toBe(at("2026-11-30T00:00:00Z"));
  expect(weeksBetween(at("2026-11-29T23:00:00Z"), at("2026-11-30T01:00:00Z"))).toBe(1);
  expect(weeksBetween(at("2026-11-23T00:00:00Z"), at("2026-11-29T23:00:00Z"))).toBe(0);
  expect(weeksBetween(at("2026-12-14T00:00:00Z"), at("2026-11-23T00:00:00Z"))).toBe(-3);
});

test("days, months, minutes and hours in UTC", () => {
  expect(utcDay(at("2026-02-28T23:59:59Z"))).toBe("2026-02-28");
  expect(dayStart(at("2026-02-28T23:59:59Z"))).toBe(at("2026-02-28T00:00:00Z"));
  expect(dayStart(at("2026-03-01T00:00:00Z")) - dayStart(at("2026-02-28T12:00:00Z"))).toBe(DAY_MS);
  expect(monthStart(at("2024-02-29T18:00:00Z"))).toBe(at("2024-02-01T00:00:00Z"));
  expect(minuteStart(at("2026-11-21T12:34:56.789Z"))).toBe(at("2026-11-21T12:34:00Z"));
  expect(hourStart(at("2026-11-21T12:34:56.789Z"))).toBe(at("2026-11-21T12:00:00Z"));
});
