// Numbers and times written for people. Times are rendered as <time> with the exact instant in
// `datetime`; static/app.js rewrites the hover/long-press title into the user's time zone (their
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

/** A relative time with the exact time (UTC until app.js localises it) on hover and long-press. */
export function timeAgo(at: number | string | null, now: number, never = "never"): Html {
  if (at === null) return html`${never}`;
  const ms = toMs(at);
  const iso = new Date(ms).toISOString();
  return html`<time datetime="${iso}" title="${iso.slice(0, 16).replace("T", " ")} UTC" data-rel>${relativeTime(ms, now)}</time>`;
}

/** An exact date and time ("2026-11-21 12:00 UTC"), localised by app.js. */
export function timeAt(at: number | string): Html {
  const iso = new Date(toMs(at)).toISOString();
  return html`<time datetime="${iso}" data-abs>${iso.slice(0, 16).replace("T", " ")} UTC</time>`;
}
