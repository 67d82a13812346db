// Server-rendered SVG charts. A fixed 360-unit-wide viewBox scaled to the container's width,
// so text stays legible on a 360 px phone screen and scales up evenly on desktop.
import { html, raw, type Html } from "../html.ts";

const W = 360;
const PAD = { left: 4, right: 4, top: 18, bottom: 18 };

export interface ChartPoint {
  t: number;
  v: number;
}

function timeLabel(ms: number, spanMs: number): string {
  const d = new Date(ms);
  if (spanMs > 2 * 86_400_000) return `${d.getUTCMonth() + 1}/${d.getUTCDate()}`;
  return `${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`;
}

/** Area chart of a time series; `format` renders the y maximum label. */
export function lineChart(points: ChartPoint[], opts: { title: string; format: (v: number) => string; height?: number; id?: string }): Html {
  const H = opts.height ?? 140;
  if (points.length < 2) return html`<p class="muted chart-empty">No data yet for ${opts.title.toLowerCase()}.</p>`;
  const max = Math.max(...points.map((p) => p.v));
  const t0 = points[0]!.t, t1 = points.at(-1)!.t;
  const span = Math.max(1, t1 - t0);
  const x = (t: number) => PAD.left + ((t - t0) / span) * (W - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + (1 - (max > 0 ? v / max : 0)) * (H - PAD.top - PAD.bottom);
  const line = points.map((p, i) => `${i ? "L" : "M"}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join("");
  const area = `${line}L${x(t1).toFixed(1)},${y(0).toFixed(1)}L${x(t0).toFixed(1)},${y(0).toFixed(1)}Z`;
  return html`<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${opts.title}"${opts.id ? html` id="${opts.id}"` : ""}>
<title>${opts.title}</title>
<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(0)}" y2="${y(0)}" class="chart-axis"/>
<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${PAD.top}" y2="${PAD.top}" class="chart-grid"/>
<path d="${raw(area)}" class="chart-area"/>
<path d="${raw(line)}" class="chart-line"/>
<text x="${PAD.left}" y="12" class="chart-label">${opts.format(max)}</text>
<text x="${PAD.left}" y="${H - 4}" class="chart-label">${timeLabel(t0, span)}</text>
<text x="${W - PAD.right}" y="${H - 4}" class="chart-label" text-anchor="end">${timeLabel(t1, span)} UTC</text>
</svg>`;
}

/** Vertical bars with a label under each (difficulty distribution). */
export function barChart(bars: { label: string; v: number }[], opts: { title: string; height?: number }): Html {
  const H = opts.height ?? 120;
  if (bars.length === 0) return html`<p class="muted chart-empty">No data yet for ${opts.title.toLowerCase()}.</p>`;
  const max = Math.max(1, ...bars.map((b) => b.v));
  const slot = (W - PAD.left - PAD.right) / bars.length;
  const base = H - PAD.bottom;
  return html`<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${opts.title}">
<title>${opts.title}</title>
${bars.map((b, i) => {
  const h = (b.v / max) * (base - PAD.top);
  const x = PAD.left + i * slot;
  return html`<rect x="${(x + slot * 0.15).toFixed(1)}" y="${(base - h).toFixed(1)}" width="${(slot * 0.7).toFixed(1)}" height="${h.toFixed(1)}" class="chart-bar"><title>${b.label}: ${b.v}</title></rect>
<text x="${(x + slot / 2).toFixed(1)}" y="${H - 4}" class="chart-label" text-anchor="middle">${b.label}</text>
<text x="${(x + slot / 2).toFixed(1)}" y="${(base - h - 3).toFixed(1)}" class="chart-label" text-anchor="middle">${b.v}</text>`;
})}
</svg>`;
}
