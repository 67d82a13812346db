// Prometheus text exposition (format 0.0.4) without a client library: families are registered
// once with a collect function that reads live numbers at scrape time, so nothing on a hot
// path does more than bump a counter. Any part of the app adds its own family (the WebSocket
// hub registers its socket gauge here: `metrics.gauge("tbg_websocket_sockets", help, () => n)`).

export type MetricType = "counter" | "gauge" | "histogram" | "summary";
export type Labels = Record<string, string>;
export interface Sample {
  /** Suffix after the family name (`_bucket`, `_sum`, `_count`), empty for plain samples. */
  suffix?: string;
  labels?: Labels;
  value: number;
}

interface Family {
  name: string;
  help: string;
  type: MetricType;
  collect(): Sample[] | Promise<Sample[]>;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

export class MetricsRegistry {
  private families = new Map<string, Family>();

  /** Registers a family read at scrape time; a second registration of a name replaces the first. */
  register(name: string, help: string, type: MetricType, collect: () => Sample[] | Promise<Sample[]>): void {
    if (!NAME.test(name)) throw new Error(`invalid metric name ${name}`);
    this.families.set(name, { name, help, type, collect });
  }

  /** A single-value gauge (or a labelled one when `read` returns samples). */
  gauge(name: string, help: string, read: () => number | Sample[] | Promise<number | Sample[]>): void {
    this.register(name, help, "gauge", async () => {
      const v = await read();
      return typeof v === "number" ? [{ value: v }] : v;
    });
  }

  /** The exposition text; a family whose collect throws is left out (and named in a comment). */
  async render(): Promise<string> {
    let out = "";
    for (const f of this.families.values()) {
      let samples: Sample[];
      try {
        samples = await f.collect();
      } catch (e) {
        out += `# ${f.name} not collected: ${String((e as Error).message ?? e).replace(/\n/g, " ")}\n`;
        continue;
      }
      out += `# HELP ${f.name} ${f.help.replace(/\\/g, "\\\\").replace(/\n/g, "\\n")}\n# TYPE ${f.name} ${f.type}\n`;
      for (const s of samples) out += `${f.name}${s.suffix ?? ""}${labelText(s.labels)} ${valueText(s.value)}\n`;
    }
    return out;
  }
}

function labelText(labels?: Labels): string {
  if (!labels) return "";
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`);
  return parts.length ? `{${parts.join(",")}}` : "";
}

function valueText(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  return String(v);
}

/** Upper bounds (seconds) of the HTTP latency histogram: the dashboard budget is p99 < 20 ms. */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** Requests by route template, method and status, with one latency histogram per route. */
export class HttpMetrics {
  private counts = new Map<string, { labels: Labels; n: number }>();
  private latency = new Map<string, { labels: Labels; buckets: number[]; sum: number; count: number }>();

  observe(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${route} ${status}`;
    const c = this.counts.get(key);
    if (c) c.n++;
    else this.counts.set(key, { labels: { method, route, status: String(status) }, n: 1 });
    const lk = `${method} ${route}`;
    let h = this.latency.get(lk);
    if (!h) this.latency.set(lk, (h = { labels: { method, route }, buckets: LATENCY_BUCKETS.map(() => 0), sum: 0, count: 0 }));
    for (let i = 0; i < LATENCY_BUCKETS.length; i++) if (seconds <= LATENCY_BUCKETS[i]!) h.buckets[i]!++;
    h.sum += seconds;
    h.count++;
  }

  register(registry: MetricsRegistry): void {
    registry.register("tbg_http_requests_total", "HTTP requests answered, by route template, method and status", "counter", () => [...this.counts.values()].map((c) => ({ labels: c.labels, value: c.n })));
    registry.register("tbg_http_request_duration_seconds", "HTTP request latency by route template", "histogram", () => {
      const out: Sample[] = [];
      for (const h of this.latency.values()) {
        LATENCY_BUCKETS.forEach((le, i) => out.push({ suffix: "_bucket", labels: { ...h.labels, le: String(le) }, value: h.buckets[i]! }));
        out.push({ suffix: "_bucket", labels: { ...h.labels, le: "+Inf" }, value: h.count });
        out.push({ suffix: "_sum", labels: h.labels, value: h.sum });
        out.push({ suffix: "_count", labels: h.labels, value: h.count });
      }
      return out;
    });
  }
}
