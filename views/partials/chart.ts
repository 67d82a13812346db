// Server-rendered charts. The SVG holds only the shapes and stretches to its card
// (preserveAspectRatio="none", strokes that do not scale); every label is HTML, so text is the
// same size on a 360 px phone and a wide screen. Times are <time> elements that app.js writes
// in the user's time zone (UTC until then).
import { html, raw, type Html } from "../html.ts";

const W = 360;

export interface ChartPoint {
  t: number;
  v: number;
}

const iso = (ms: number) => new Date(ms).toISOString();
/** A time label: "Sat 14:05" within two days, "Nov 21" beyond (UTC in the HTML, localised by app.js). */
function timeLabel(ms: number, spanMs: number): Html {
  const d = new Date(ms);
  if (spanMs > 2 * 86_400_000) {
    const month = d.toLocaleString("en-US", { month: "short", timeZone: "UTC" });
    return html`<time datetime="${iso(ms)}" data-fmt="md">${month} ${d.getUTCDate()}</time>`;
  }
  const day = d.toLocaleString("en-US", { weekday: "short", timeZone: "UTC" });
  return html`<time datetime="${iso(ms)}" data-fmt="dhm">${day} ${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")} UTC</time>`;
}

/** Area chart of a time series; `format` renders the y maximum. */
export function lineChart(points: ChartPoint[], opts: { title: string; format: (v: number) => string; height?: number; id?: string }): Html {
  const H = opts.height ?? 100;
  if (points.length < 2) return html`<p class="muted chart-empty">No data yet for ${opts.title.toLowerCase()}.</p>`;
  const max = Math.max(...points.map((p) => p.v));
  const t0 = points[0]!.t, t1 = points.at(-1)!.t;
  const span = Math.max(1, t1 - t0);
  const x = (t: number) => ((t - t0) / span) * W;
  const y = (v: number) => 2 + (1 - (max > 0 ? v / max : 0)) * (H - 4);
  const line = points.map((p, i) => `${i ? "L" : "M"}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join("");
  const area = `${line}L${W},${H}L0,${H}Z`;
  const mid = t0 + span / 2;
  return html`<div class="chart-box"${opts.id ? html` id="${opts.id}"` : ""}>
<div class="chart-max">max ${opts.format(max)}</div>
<svg class="chart" viewBox="0 0 ${W} ${H}" preserveAspectRatio="none" role="img" aria-label="${opts.title}, up to ${opts.format(max)}">
<title>${opts.title}</title>
<line x1="0" x2="${W}" y1="${H - 0.5}" y2="${H - 0.5}" class="chart-axis"/>
<line x1="0" x2="${W}" y1="2" y2="2" class="chart-grid"/>
<path d="${raw(area)}" class="chart-area"/>
<path d="${raw(line)}" class="chart-line"/>
</svg>
<div class="chart-labels">${timeLabel(t0, span)}${timeLabel(mid, span)}${timeLabel(t1, span)}</div>
</div>`;
}

/** Vertical bars with a label under each (difficulty distribution), drawn in HTML. */
export function barChart(bars: { label: string; v: number }[], opts: { title: string }): Html {
  if (bars.length === 0) return html`<p class="muted chart-empty">No data yet for ${opts.title.toLowerCase()}.</p>`;
  const max = Math.max(1, ...bars.map((b) => b.v));
  return html`<div class="bars" role="img" aria-label="${opts.title}">${bars.map(
    (b) => html`<div title="${b.label}: ${b.v}"><span>${b.v}</span><i style="height:${((b.v / max) * 80).toFixed(1)}%"></i><span>${b.label}</span></div>`,
  )}</div>`;
}
