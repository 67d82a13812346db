// bun run bench:stratum — the pool in this process, the load generator in another (Bun.spawn).
//  (a) idle sessions, subscribed and authorized: whole-process RSS and KB per session above baseline
//  (b) random shares at a fixed rate across 200 sessions: submit→reply latency, replies dropped
// The template is the recorded regtest one with difficulty-1 bits, served without a node.
import { createPool } from "../stratum/pool.ts";
import { fixedNode } from "../stratum/e2e/fixed-node.ts";
import { poolOptions, quietLog } from "../stratum/e2e/harness.ts";

const IDLE_SESSIONS = Number(process.env.BENCH_IDLE_SESSIONS ?? 19_900);
const SHARE_SESSIONS = 200;
const SHARE_RATE = Number(process.env.BENCH_SHARE_RATE ?? 5_000);
const SHARE_SECONDS = Number(process.env.BENCH_SHARE_SECONDS ?? 10);
const RSS_BUDGET = 1024 ** 3;
const P99_BUDGET_MS = 10;
const load = new URL("./stratum-load.ts", import.meta.url).pathname;

const mib = (b: number) => (b / 1024 ** 2).toFixed(1);

async function rss(): Promise<number> {
  Bun.gc(true);
  await Bun.sleep(200);
  Bun.gc(true);
  return process.memoryUsage().rss;
}

async function readLine(stream: ReadableStream<Uint8Array>): Promise<string> {
  const reader = stream.getReader();
  let text = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
    if (text.includes("\n")) break;
  }
  reader.releaseLock();
  return text.trim();
}

const pool = createPool(
  poolOptions({
    node: fixedNode(),
    minDiff: 1e-10,
    maxConnectionsPerIp: 100_000,
    maxConnections: 100_000,
    idleTimeoutMs: 600_000,
    log: quietLog,
  }),
);
const { port } = await pool.start();

// (a) idle sessions — split over two generator processes: each process may hold 20,000 descriptors.
const baseline = await rss();
const halves = [Math.ceil(IDLE_SESSIONS / 2), Math.floor(IDLE_SESSIONS / 2)];
const gens = halves.map((n) => Bun.spawn(["bun", load, "idle", String(port), String(n)], { stdout: "pipe", stderr: "inherit" }));
const ready = await Promise.all(gens.map((g) => readLine(g.stdout)));
if (!ready.every((r) => r.startsWith("ready"))) throw new Error(`idle load generator failed: ${ready.join(" / ")}`);
const sessions = pool.status().sessions;
const loaded = await rss();
const perSession = (loaded - baseline) / sessions;
console.log(
  `idle sessions: ${sessions} subscribed+authorized, RSS ${mib(loaded)} MiB (baseline ${mib(baseline)} MiB), ` +
    `${(perSession / 1024).toFixed(2)} KB/session above baseline — budget < 1 GiB: ${loaded < RSS_BUDGET ? "PASS" : "FAIL"}; ` +
    `target ≤ 5 KB/session: ${perSession <= 5 * 1024 ? "PASS" : "MISS"}`,
);
for (const g of gens) g.kill();
await Promise.all(gens.map((g) => g.exited));
while (pool.status().sessions > 0) await Bun.sleep(50);

// (b) shares
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const gen = Bun.spawn(["bun", load, "shares", String(port), String(SHARE_SESSIONS), String(SHARE_RATE), String(SHARE_SECONDS)], {
  stdout: "pipe",
  stderr: "inherit",
});
const stats = JSON.parse(await readLine(gen.stdout)) as {
  sent: number;
  replies: number;
  dropped: number;
  accepted: number;
  rejected: number;
  rate: number;
  p50: number;
  p99: number;
  max: number;
};
await gen.exited;
const cpu = process.cpuUsage(cpu0);
const wall = (performance.now() - t0) / 1000;
console.log(
  `shares: ${stats.sent} random shares at ${stats.rate.toFixed(0)}/s across ${SHARE_SESSIONS} sessions, ${stats.replies} replies ` +
    `(${stats.accepted} accepted, ${stats.rejected} rejected), ${stats.dropped} dropped; p50 ${stats.p50.toFixed(2)} ms, ` +
    `p99 ${stats.p99.toFixed(2)} ms, max ${stats.max.toFixed(2)} ms; pool CPU ${(((cpu.user + cpu.system) / 1e6 / wall) * 100).toFixed(0)}% of a core ` +
    `(incl. session setup) — budget p99 < ${P99_BUDGET_MS} ms and none dropped: ${stats.p99 < P99_BUDGET_MS && stats.dropped === 0 && stats.replies === stats.sent ? "PASS" : "FAIL"}`,
);
await pool.stop();
process.exit(0);
