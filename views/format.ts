// Numbers and times written for people. Times are rendered as <time> with the exact instant in
// `datetime`, written on the server in the signed-in user's time-zone setting when the page passes
// it (UTC for anonymous visitors); static/app.js then rewrites them into the user's zone (their
// account setting when they have opened their account on this device, else the browser's).
import { html, type Html } from "./html.ts";

export { formatHashrate } from "../src/mining/hashrate.ts";

/** Share and network difficulty the way miners say it: "4.2G", "812K", "0.0012". */
export function formatDifficulty(d: number): string {
  if (!Number.isFinite(d) || d <= 0) return "0";
  const units = ["", "K", "M", "G", "T", "P", "E"];
  let i = 0;
  while (d >= 1000 && i < units.length - 1) {
    d /= 1000;
    i++;
  }
  if (i === 0) return d >= 100 ? d.toFixed(0) : Number(d.toPrecision(3)).toString();
  return `${d >= 100 ? d.toFixed(0) : d >= 10 ? d.toFixed(1) : d.toFixed(2)}${units[i]}`;
}

export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

/** "42s ago", "3m ago", "5h ago", "2d ago". */
export function relativeTime(at: number, now: number): string {
  const s = Math.max(0, Math.round((now - at) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86400)}d ago`;
}

const toMs = (at: number | string) => (typeof at === "number" ? at : Date.parse(at));

const formatters = new Map<string, Intl.DateTimeFormat | null>();
function formatterFor(zone: string): Intl.DateTimeFormat | null {
  if (!formatters.has(zone)) {
    let f: Intl.DateTimeFormat | null = null;
    try {
      f = new Intl.DateTimeFormat("en-US", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short" });
    } catch {
      f = null; // an unknown zone name: UTC, as for anonymous visitors
    }
    formatters.set(zone, f);
  }
  return formatters.get(zone)!;
}

/**
 * "2026-11-21 12:00 UTC", or in the signed-in user's time zone when the page passes it
 * ("2026-11-21 13:00 GMT+1"): the page reads right before app.js runs (and without it).
 */
export function exactTime(at: number | string, zone?: string | null): string {
  const ms = toMs(at);
  const f = zone && zone !== "UTC" ? formatterFor(zone) : null;
  if (!f) return `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} ${p.timeZoneName}`;
}

/** A relative time with the exact time (in `zone`, else UTC, until app.js localises it) on hover and long-press. */
export function timeAgo(at: number | string | null, now: number, never = "never", zone?: string | null): Html {
  if (at === null) return html`${never}`;
  const ms = toMs(at);
  const iso = new Date(ms).toISOString();
  return html`<time datetime="${iso}" title="${exactTime(ms, zone)}" data-rel>${relativeTime(ms, now)}</time>`;
}

/** An exact date and time ("2026-11-21 12:00 UTC", or in `zone`), localised by app.js. */
export function timeAt(at: number | string, zone?: string | null): Html {
  const ms = toMs(at);
  return html`<time datetime="${new Date(ms).toISOString()}" data-abs>${exactTime(ms, zone)}</time>`;
}
