// Calendar arithmetic every domain shares. Everything is UTC; weeks start Monday 00:00 UTC
// (seed 003: leaderboards, lottery and streaks share that boundary). Rules that depend on time
// take a Clock so tests can set it.
export const SECOND_MS = 1_000;
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;

/** Now in unix milliseconds; injected wherever a rule depends on it. */
export type Clock = () => number;
export const systemClock: Clock = () => Date.now();

export const unixMinute = (ms: number) => Math.floor(ms / MINUTE_MS);
export const unixHour = (ms: number) => Math.floor(ms / HOUR_MS);
export const minuteStart = (ms: number) => unixMinute(ms) * MINUTE_MS;
export const hourStart = (ms: number) => unixHour(ms) * HOUR_MS;

/** `YYYY-MM-DD` of the UTC day containing `ms`. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function dayStart(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** Monday 00:00 UTC of the week containing `ms`. The unix epoch was a Thursday, hence the 3 days. */
export function weekStart(ms: number): number {
  const days = Math.floor(ms / DAY_MS);
  return (days - ((days + 3) % 7)) * DAY_MS;
}

/** Monday 00:00 UTC of the week after the one containing `ms` (the week's deadline). */
export const nextWeekStart = (ms: number) => weekStart(ms) + WEEK_MS;

export function monthStart(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** Whole weeks from the week of `from` to the week of `to` (0 = same week; negative if earlier). */
export function weeksBetween(from: number, to: number): number {
  return Math.round((weekStart(to) - weekStart(from)) / WEEK_MS);
}
