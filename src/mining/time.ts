// Calendar arithmetic of the mining rollups: the shared one in src/core/time.ts (UTC; weeks
// start Monday 00:00 UTC, the boundary leaderboards, lottery and streaks share).
export { DAY_MS, HOUR_MS, MINUTE_MS, WEEK_MS, dayStart, monthStart, unixHour, unixMinute, utcDay, weekStart } from "../core/time.ts";
