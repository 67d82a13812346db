// bun run bench:pool-ingest — the share path and the mining data pipeline together, as they run
// in `tbg`: pool → bus → live aggregator + event log → writer thread → SQLite or PostgreSQL. The load generator
// (bench/stratum-load.ts) runs in another process and measures submit→reply; this process
// measures its own event-loop lag (what a batch write used to cost every stratum reply).
// Usage: bun bench/pool-ingest.ts [seconds=20] [rate=5000] [--engine sqlite|postgres]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixedNode } from "../stratum/e2e/fixed-node.ts";
import { poolOptions, quietLog } from "../stratum/e2e/harness.ts";
import { createPool } from "../stratum/pool.ts";
import { loadConfig } from "../src/config.ts";
import { benchArgs, openBenchStorage, scalar } from "./storage.ts";
import { bridgePoolEvents, createEventBus, type PoolBus } from "../src/events.ts";
import { silentLogger } from "../src/log.ts";
import { createMining } from "../src/mining/service.ts";

const { engine: ENGINE, rest: ARGS } = benchArgs(process.argv.slice(2));
const SECONDS = Number(ARGS[0] ?? 20);
const RATE = Number(ARGS[1] ?? 5000);
const SESSIONS = 200;
const P99_BUDGET_MS = 10;
const load = new URL("./stratum-load.ts", import.meta.url).pathname;

const dir = mkdtempSync(join(tmpdir(), "tbg-bench-pool-ingest-"));
const cfg = loadConfig({ TBG_DATA_DIR: dir });
if (!cfg.ok) throw new Error(cfg.errors.join("\n"));
const storage = await openBenchStorage(ENGINE, "pool_ingest", dir);
const pool = createPool(poolOptions({ node: fixedNode(), minDiff: 1e-10, maxConnectionsPerIp: 100_000, maxConnections: 100_000, idleTimeoutMs: 600_000, log: quietLog }));
const bus: PoolBus = createEventBus();
bridgePoolEvents(pool.events, bus);
const mining = await createMining({ storage, log: silentLogger, config: cfg.config });
mining.attach(bus);
const { port } = await pool.start();

// Event-loop lag: how late a 10 ms timer fires. A stall here delays every stratum reply.
const lags: number[] = [];
let expected = performance.now() + 10;
const lagTimer = setInterval(() => {
  const now = performance.now();
  lags.push(Math.max(0, now - expected));
  expected = now + 10;
}, 10);

const gen = Bun.spawn(["bun", load, "shares", String(port), String(SESSIONS), String(RATE), String(SECONDS)], { stdout: "pipe", stderr: "inherit" });
const out = await new Response(gen.stdout).text();
await gen.exited;
clearInterval(lagTimer);
const s = JSON.parse(out.trim().split("\n").at(-1)!) as { sent: number; replies: number; dropped: number; accepted: number; rejected: number; rate: number; p50: number; p99: number; max: number };

await pool.stop();
await mining.flush();
const st = mining.ingestStats();
const bs = bus.stats();
const stored = await scalar(storage, "SELECT count(*) AS n FROM shares");
const minuteSum = await scalar(storage, "SELECT coalesce(sum(accepted + rejected), 0) AS n FROM share_minutes");
await mining.stop();
await storage.close();
rmSync(dir, { recursive: true, force: true });

lags.sort((a, b) => a - b);
const lagP = (p: number) => lags[Math.min(lags.length - 1, Math.floor(lags.length * p))] ?? 0;
const ok = s.p99 < P99_BUDGET_MS && s.dropped === 0 && s.replies === s.sent && bs.dropped === 0 && st.droppedShares === 0 && stored === s.sent && minuteSum === s.sent;
console.log(
  `pool+ingest [${ENGINE}]: ${s.sent} shares at ${s.rate.toFixed(0)}/s over ${SESSIONS} sessions; replies ${s.replies}, dropped ${s.dropped}; ` +
    `p50 ${s.p50.toFixed(2)} ms, p99 ${s.p99.toFixed(2)} ms, max ${s.max.toFixed(2)} ms; ` +
    `main-thread lag p99 ${lagP(0.99).toFixed(1)} ms max ${lags.at(-1)?.toFixed(1)} ms; ` +
    `stored ${stored} raw shares (minute rollups ${minuteSum}), bus dropped ${bs.dropped}, batch dropped ${st.droppedShares}; ` +
    `${st.batches} batches written in the writer thread, avg ${(st.totalWriteMs / Math.max(1, st.batches)).toFixed(1)} ms max ${st.maxWriteMs.toFixed(1)} ms — ` +
    `budget p99 < ${P99_BUDGET_MS} ms, nothing dropped or lost: ${ok ? "PASS" : "FAIL"}`,
);
process.exit(ok ? 0 : 1);
