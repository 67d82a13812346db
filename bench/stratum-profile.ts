// Profiling aid for the stratum hot path: the in-process pool plus one generator step.
//   bun --cpu-prof --cpu-prof-dir=/tmp/prof bench/stratum-profile.ts [RATE=20000] [SECONDS=8] [threaded]
// Prints the generator's result and how often the main thread's event loop was late (> 5 ms).
const rate = Number(process.argv[2] ?? 20_000);
const seconds = Number(process.argv[3] ?? 8);
const threaded = process.argv[4] === "threaded";
const { createPool } = await import("../stratum/pool.ts");
const { createThreadedPool } = await import("../stratum/thread/threaded-pool.ts");
const { startFixedRpc } = await import("../stratum/e2e/fixed-rpc.ts");
const { fixedNode } = await import("../stratum/e2e/fixed-node.ts");
const { poolOptions, quietLog } = await import("../stratum/e2e/harness.ts");
const base = { minDiff: 1e-10, maxConnectionsPerIp: 100_000, maxConnections: 100_000, idleTimeoutMs: 600_000, log: quietLog };
let pool;
if (!threaded) pool = createPool(poolOptions({ ...base, node: fixedNode() }));
else {
  const rpc = startFixedRpc();
  const { node: _n, log: _l, now: _t, ...plain } = poolOptions(base);
  pool = createThreadedPool({ ...plain, node: { url: rpc.url }, log: quietLog, ...(process.env.EVENT_BATCH_MAX ? { eventBatchMax: Number(process.env.EVENT_BATCH_MAX) } : {}) });
}
let events = 0;
pool.events.on("share_submitted", () => void events++);
const { port } = await pool.start();
while (pool.status().height === undefined) await Bun.sleep(20);
// WARM_S: a load step first, not measured (the JIT's first compiles).
if (process.env.WARM_S) {
  const w = Bun.spawn([...(Bun.which("taskset") ? ["taskset", "-c", "1"] : []), "bun", new URL("./stratum-limit-load.ts", import.meta.url).pathname, "shares", String(port), "200", String(rate), process.env.WARM_S], { stdout: "ignore", stderr: "ignore" });
  await w.exited;
}
// Event-loop lateness: a 1 ms timer that records how late it fired.
const late: number[] = [];
let last = performance.now();
const probe = setInterval(() => {
  const t = performance.now();
  if (t - last > 6) { late.push(t - last - 1); if (process.env.LATE_AT) console.error(`late ${Math.round(t - last)} ms at ${Math.round(t)}`); }
  last = t;
}, 1);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const gen = Bun.spawn([...(Bun.which("taskset") ? ["taskset", "-c", "1"] : []), "bun", new URL("./stratum-limit-load.ts", import.meta.url).pathname, "shares", String(port), "200", String(rate), String(seconds)], { stdout: "pipe", stderr: "ignore" });
const out = await new Response(gen.stdout).text();
const cpu = process.cpuUsage(cpu0);
const wall = performance.now() - t0;
clearInterval(probe);
late.sort((a, b) => b - a);
console.log(out.trim().split("\n").pop());
const answered = (JSON.parse(out.trim().split("\n").pop()!) as { answered: number }).answered;
console.log(JSON.stringify({ cpuUsPerShare: +(((cpu.user + cpu.system) / answered)).toFixed(1), cpuPct: Math.round(((cpu.user + cpu.system) / 1000 / wall) * 100), events, loopLateOver5ms: late.length, worstLate: late.slice(0, 8).map((x) => Math.round(x)) }));
await pool.stop();
process.exit(0);
