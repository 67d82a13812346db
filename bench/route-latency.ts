// Read latency of one route through the app's handler (no network): the mean cost of one request
// when nothing else waits, then an open-loop offer at `rate` req/s for `seconds`, each latency
// measured from the request's scheduled time (a queue behind a slow request counts).
export interface RouteLatency {
  oneMs: number;
  p50: number;
  p99: number;
  max: number;
}

type App = { handle(request: Request): Response | Promise<Response> };

export async function routeLatency(app: App, path: string, opts: { rate: number; seconds: number; warm: number; serial: number }): Promise<RouteLatency> {
  const get = async () => {
    const res = await app.handle(new Request("http://127.0.0.1" + path));
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
  };
  // Warm-up (not measured): the first computations, the JIT.
  for (let i = 0; i < opts.warm; i++) await get();
  const s0 = performance.now();
  for (let i = 0; i < opts.serial; i++) await get();
  const oneMs = (performance.now() - s0) / opts.serial;
  const lat: number[] = [];
  const pending: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < opts.rate * opts.seconds; i++) {
    const due = start + (i * 1000) / opts.rate;
    const wait = due - performance.now();
    if (wait > 0) await Bun.sleep(wait);
    pending.push(get().then(() => void lat.push(performance.now() - due)));
  }
  await Promise.all(pending);
  lat.sort((a, b) => a - b);
  const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor(lat.length * p))]!;
  return { oneMs, p50: q(0.5), p99: q(0.99), max: lat[lat.length - 1]! };
}

/** One markdown table row: route, one at a time, p50, p99, max. */
export const latencyRow = (path: string, r: RouteLatency) =>
  `| ${path} | ${r.oneMs.toFixed(2)} ms | ${r.p50.toFixed(1)} ms | ${r.p99.toFixed(1)} ms | ${r.max.toFixed(1)} ms |`;
