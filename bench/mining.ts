// Mining data budgets (issue 4), one summary line each:
//   ingest   5,000 shares/s sustained through the bus into storage, zero dropped, every share stored, flat memory
//   storage  1,000 workers × 30 days of history under 2 GiB on disk
//   dashboard JSON p99 < 20 ms at 500 req/s with that history
// Usage: bun bench/mining.ts [ingestSeconds=20] [rate=5000] [--engine sqlite|postgres]
// (bun run bench:mining -- --engine postgres: a private PostgreSQL server, see bench/storage.ts)
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ShareSubmittedEvent } from "../stratum/events.ts";
import { loadConfig } from "../src/config.ts";
import { openDatabase } from "../src/db/client.ts";
import type { Storage } from "../src/db/storage.ts";
import { benchArgs, databaseBytes, openBenchStorage, scalar } from "./storage.ts";
import { createEventBus, type PoolBus } from "../src/events.ts";
import { createApp } from "../src/http/app.ts";
import { silentLogger } from "../src/log.ts";
import { createMining } from "../src/mining/service.ts";
import { HOUR_MS, MINUTE_MS, utcDay, weekStart } from "../src/mining/time.ts";
import { miningFeature } from "../src/http/features/mining.ts";

const { engine: ENGINE, rest: ARGS } = benchArgs(process.argv.slice(2));
const SECONDS = Number(ARGS[0] ?? 20);
const RATE = Number(ARGS[1] ?? 5000);
const WORKERS = 1000;
const PER_USER = 4;
const USERS = WORKERS / PER_USER;
/** Shares per worker per minute in steady state: the pool's vardiff aim (TBG_SHARES_PER_MIN default). */
const SHARES_PER_MIN = 6;

const dir = mkdtempSync(join(tmpdir(), "tbg-bench-mining-"));
const cfg = loadConfig({ TBG_DATA_DIR: dir });
if (!cfg.ok) throw new Error(cfg.errors.join("\n"));
const config = cfg.config;
const BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
const address = (u: number) => `bc1q${[...u.toString(32).padStart(6, "0")].map((c) => BECH32[parseInt(c, 32)]).join("")}${"q".repeat(32)}`;
const mb = (n: number) => `${(n / 1048576).toFixed(1)} MiB`;
const pctl = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function ingest() {
  const storage = await openBenchStorage(ENGINE, "ingest", dir);
  const mining = await createMining({ storage, log: silentLogger, config });
  const bus: PoolBus = createEventBus();
  mining.attach(bus);
  const template: ShareSubmittedEvent = {
    source: "hosted", address: "", worker: "", userAgent: "bitaxe/BM1370/v2.9.0", ip: "10.0.0.1", sessionId: "s", jobId: "1", height: 924_000,
    accepted: true, targetDifficulty: 4096, shareDifficulty: 0, rejectCode: null, rejectReason: null, isBlock: false, timestamp: 0,
  };
  const start = performance.now();
  let sent = 0;
  const heap: number[] = [];
  const rss: number[] = [];
  let lastSample = start;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const elapsed = performance.now() - start;
      const due = Math.min(Math.floor((elapsed / 1000) * RATE), SECONDS * RATE);
      const now = Date.now();
      while (sent < due) {
        const w = sent % WORKERS;
        const rejected = sent % 100 === 0;
        bus.publish("share_submitted", {
          ...template, address: address(Math.floor(w / PER_USER)), worker: `w${w % PER_USER}`, timestamp: now,
          accepted: !rejected, rejectCode: rejected ? 23 : null, shareDifficulty: rejected ? 100 : 4096 + ((sent * 2654435761) % 1e6),
        });
        sent++;
      }
      if (performance.now() - lastSample >= 2000) {
        lastSample = performance.now();
        Bun.gc(true);
        heap.push(process.memoryUsage().heapUsed);
        rss.push(process.memoryUsage().rss);
      }
      if (sent >= SECONDS * RATE) resolve();
      else setTimeout(tick, 5);
    };
    tick();
  });
  await mining.flush();
  const wall = (performance.now() - start) / 1000;
  const bs = bus.stats();
  const st = mining.ingestStats();
  const written = await scalar(storage, "SELECT count(*) AS n FROM shares");
  const minuteSum = await scalar(storage, "SELECT coalesce(sum(accepted + rejected), 0) AS n FROM share_minutes");
  await mining.stop();
  await storage.close();
  const firstHalf = heap.slice(1, Math.ceil(heap.length / 2));
  const secondHalf = heap.slice(Math.ceil(heap.length / 2));
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  // Rejects beyond 60 per worker per minute are counted in the rollups without a raw row of their own.
  const ok = bs.dropped === 0 && st.droppedShares === 0 && written + st.rowlessRejects === sent && minuteSum === sent;
  console.log(
    `ingest [${ENGINE}]: ${sent} shares in ${wall.toFixed(1)} s = ${Math.round(sent / wall)}/s; dropped ${bs.dropped} (bus) + ${st.droppedShares} (batch); ` +
      `written ${written} raw rows + ${st.rowlessRejects} rejects counted without a row (minute rollups ${minuteSum}); ${st.batches} batches, write avg ${(st.totalWriteMs / Math.max(1, st.batches)).toFixed(1)} ms max ${st.maxWriteMs.toFixed(1)} ms; heap ${mb(avg(firstHalf))} -> ${mb(avg(secondHalf))}, ` +
      `rss max ${mb(Math.max(...rss))} ${ok ? "OK" : "FAIL"}`,
  );
}

/** Fills a database with what 1,000 workers leave after 30 days: the retained raw shares (24 h),
 * minute rollups (48 h), hourly rollups (30 d), pool rollups, daily and weekly stats. */
function generate(path: string, now: number) {
  const db = openDatabase(path);
  const s = db.sqlite;
  const days = 30;
  s.transaction(() => {
    const user = s.prepare("INSERT INTO users (btc_address, auth_method, created_at) VALUES (?, 'miner', ?)");
    const worker = s.prepare("INSERT INTO workers (user_id, name, user_agent, is_online, best_diff, shares_accepted, last_share_at) VALUES (?, ?, 'bitaxe/BM1370/v2.9.0', 1, ?, ?, ?)");
    for (let u = 0; u < USERS; u++) {
      user.run(address(u), now - days * 86_400_000);
      for (let w = 0; w < PER_USER; w++) worker.run(u + 1, `w${w}`, 1e6 + u * 1000 + w, days * 1440 * SHARES_PER_MIN, now);
    }
  })();
  const diff = 4096;
  const perMin = SHARES_PER_MIN;
  s.transaction(() => {
    const hour = s.prepare("INSERT INTO share_hours (worker_id, hour, accepted, rejected, sum_diff, best_diff) VALUES (?, ?, ?, ?, ?, ?)");
    const h0 = Math.floor((now - days * 86_400_000) / HOUR_MS);
    for (let w = 1; w <= WORKERS; w++) for (let h = h0; h <= h0 + days * 24; h++) hour.run(w, h, perMin * 60, 1, perMin * 60 * diff, 50_000 + ((w * h) % 1e6));
    const ph = s.prepare("INSERT INTO pool_hours (hour, accepted, rejected, sum_diff, best_diff) VALUES (?, ?, ?, ?, ?)");
    for (let h = h0; h <= h0 + days * 24; h++) ph.run(h, WORKERS * perMin * 60, WORKERS, WORKERS * perMin * 60 * diff, 2e6);
  })();
  s.transaction(() => {
    const minute = s.prepare(
      "INSERT INTO share_minutes (worker_id, minute, accepted, rejected, sum_diff, best_diff, rejected_stale, rejected_duplicate, rejected_low_diff, rejected_other) VALUES (?, ?, ?, 0, ?, ?, 0, 0, 0, 0)",
    );
    const m0 = Math.floor((now - 2 * 86_400_000) / MINUTE_MS);
    for (let m = m0; m <= m0 + 2 * 1440; m++) for (let w = 1; w <= WORKERS; w++) minute.run(w, m, perMin, perMin * diff, 9000 + ((w * m) % 50_000));
    const pm = s.prepare("INSERT INTO pool_minutes (minute, accepted, rejected, sum_diff, best_diff) VALUES (?, ?, 0, ?, ?)");
    for (let m = m0; m <= m0 + 2 * 1440; m++) pm.run(m, WORKERS * perMin, WORKERS * perMin * diff, 80_000);
  })();
  // Raw shares of the retention window (24 h), in time order like the writer leaves them.
  const share = s.prepare("INSERT INTO shares (user_id, worker_id, at, difficulty, share_difficulty, reject_code, is_block) VALUES (?, ?, ?, ?, ?, NULL, 0)");
  const t0 = now - 86_400_000;
  const step = MINUTE_MS / (perMin * WORKERS);
  const total = 1440 * perMin * WORKERS;
  for (let from = 0; from < total; from += 500_000) {
    s.transaction(() => {
      for (let i = from; i < Math.min(total, from + 500_000); i++) {
        const w = (i % WORKERS) + 1;
        share.run(Math.ceil(w / PER_USER), w, Math.floor(t0 + i * step), diff, diff + ((i * 2654435761) % 1e6));
      }
    })();
  }
  s.transaction(() => {
    const daily = s.prepare("INSERT INTO user_daily_stats (user_id, day, total_shares, accepted_shares, rejected_shares, best_diff, sum_diff, workers_active) VALUES (?, ?, ?, ?, 0, ?, ?, ?)");
    const weekly = s.prepare("INSERT OR IGNORE INTO weekly_best_diff (user_id, week_start, best_difficulty, best_at, worker_name, total_shares, sum_diff) VALUES (?, ?, ?, ?, 'w0', ?, ?)");
    const best = s.prepare("INSERT INTO personal_bests (user_id, period, period_start, best_difficulty, achieved_at, worker_name) VALUES (?, ?, ?, ?, ?, 'w0')");
    for (let u = 1; u <= USERS; u++) {
      for (let d = 0; d < days; d++) {
        const at = now - d * 86_400_000;
        const n = perMin * 1440 * PER_USER;
        daily.run(u, utcDay(at), n, n, 1e6 + u, n * diff, PER_USER);
        weekly.run(u, weekStart(at), 1e6 + u, at, n * 7, n * 7 * diff);
      }
      for (const [period, start] of [["week", weekStart(now)], ["month", 0], ["alltime", 0], ["block", 0]] as const) best.run(u, period, start, 1e6 + u, now, );
    }
  })();
  s.run("PRAGMA wal_checkpoint(TRUNCATE)");
  db.close();
}

/** The same history as generate(), written by PostgreSQL itself (generate_series), then analyzed. */
async function generatePg(storage: Storage, now: number) {
  if (storage.engine !== "postgres") throw new Error("postgres only");
  const sql = storage.pg.sql;
  const days = 30;
  const diff = 4096;
  const perMin = SHARES_PER_MIN;
  const run = (text: string, args: unknown[] = []) => sql.unsafe(text, args);
  await run(`INSERT INTO users (btc_address, auth_method, created_at) SELECT a, 'miner', $2 FROM json_array_elements_text($1::text::json) WITH ORDINALITY AS x(a, n) ORDER BY n`, [
    JSON.stringify(Array.from({ length: USERS }, (_, u) => address(u))), now - days * 86_400_000,
  ]);
  // Worker id (u-1)·4 + w + 1, as the SQLite generator numbers them.
  await run(`INSERT INTO workers (user_id, name, user_agent, is_online, best_diff, shares_accepted, last_share_at)
    SELECT u, 'w' || w, 'bitaxe/BM1370/v2.9.0', true, 1e6 + (u - 1) * 1000 + w, $1, $2 FROM generate_series(1, ${USERS}) u, generate_series(0, ${PER_USER - 1}) w ORDER BY u, w`, [
    days * 1440 * perMin, now,
  ]);
  const h0 = Math.floor((now - days * 86_400_000) / HOUR_MS);
  await run(`INSERT INTO share_hours (worker_id, hour, accepted, rejected, sum_diff, best_diff)
    SELECT w, h, ${perMin * 60}, 1, ${perMin * 60 * diff}, 50000 + ((w::int8 * h) % 1000000) FROM generate_series(1, ${WORKERS}) w, generate_series(${h0}, ${h0 + days * 24}) h`);
  await run(`INSERT INTO pool_hours (hour, accepted, rejected, sum_diff, best_diff)
    SELECT h, ${WORKERS * perMin * 60}, ${WORKERS}, ${WORKERS * perMin * 60 * diff}, 2e6 FROM generate_series(${h0}, ${h0 + days * 24}) h`);
  const m0 = Math.floor((now - 2 * 86_400_000) / MINUTE_MS);
  await run(`INSERT INTO share_minutes (worker_id, minute, accepted, rejected, sum_diff, best_diff, rejected_stale, rejected_duplicate, rejected_low_diff, rejected_other)
    SELECT w, m, ${perMin}, 0, ${perMin * diff}, 9000 + ((w::int8 * m) % 50000), 0, 0, 0, 0 FROM generate_series(${m0}, ${m0 + 2 * 1440}) m, generate_series(1, ${WORKERS}) w`);
  await run(`INSERT INTO pool_minutes (minute, accepted, rejected, sum_diff, best_diff)
    SELECT m, ${WORKERS * perMin}, 0, ${WORKERS * perMin * diff}, 80000 FROM generate_series(${m0}, ${m0 + 2 * 1440}) m`);
  // Raw shares of the retention window (24 h), in time order like the writer leaves them.
  const t0 = now - 86_400_000;
  const step = MINUTE_MS / (perMin * WORKERS);
  const total = 1440 * perMin * WORKERS;
  for (let from = 0; from < total; from += 1_000_000) {
    await run(`INSERT INTO shares (user_id, worker_id, at, difficulty, share_difficulty, reject_code, is_block)
      SELECT ((i % ${WORKERS}) / ${PER_USER}) + 1, (i % ${WORKERS}) + 1, floor(${t0} + i * ${step}::float8), ${diff}, ${diff} + ((i * 2654435761) % 1000000), NULL, false
      FROM generate_series(${from}::int8, ${Math.min(total, from + 1_000_000) - 1}::int8) i ORDER BY i`);
  }
  const daily: unknown[] = [];
  const weekly = new Map<string, unknown>();
  const bests: unknown[] = [];
  for (let u = 1; u <= USERS; u++) {
    for (let d = 0; d < days; d++) {
      const at = now - d * 86_400_000;
      const n = perMin * 1440 * PER_USER;
      daily.push({ user_id: u, day: utcDay(at), total_shares: n, accepted_shares: n, rejected_shares: 0, best_diff: 1e6 + u, sum_diff: n * diff, workers_active: PER_USER });
      const key = `${u}:${weekStart(at)}`;
      if (!weekly.has(key)) weekly.set(key, { user_id: u, week_start: weekStart(at), best_difficulty: 1e6 + u, best_at: at, worker_name: "w0", total_shares: n * 7, sum_diff: n * 7 * diff });
    }
    for (const [period, start] of [["week", weekStart(now)], ["month", 0], ["alltime", 0], ["block", 0]] as const)
      bests.push({ user_id: u, period, period_start: start, best_difficulty: 1e6 + u, achieved_at: now, worker_name: "w0" });
  }
  await run(`INSERT INTO user_daily_stats (user_id, day, total_shares, accepted_shares, rejected_shares, best_diff, sum_diff, workers_active)
    SELECT * FROM json_to_recordset($1::text::json) AS x(user_id int, day text, total_shares int8, accepted_shares int8, rejected_shares int8, best_diff float8, sum_diff float8, workers_active int)`,
    [JSON.stringify(daily)]);
  await run(`INSERT INTO weekly_best_diff (user_id, week_start, best_difficulty, best_at, worker_name, total_shares, sum_diff)
    SELECT * FROM json_to_recordset($1::text::json) AS x(user_id int, week_start int8, best_difficulty float8, best_at int8, worker_name text, total_shares int8, sum_diff float8)`,
    [JSON.stringify([...weekly.values()])]);
  await run(`INSERT INTO personal_bests (user_id, period, period_start, best_difficulty, achieved_at, worker_name)
    SELECT * FROM json_to_recordset($1::text::json) AS x(user_id int, period text, period_start int8, best_difficulty float8, achieved_at int8, worker_name text)`,
    [JSON.stringify(bests)]);
  // What autovacuum would do a minute later: planner statistics and the visibility map; and
  // the checkpoint a server would have made since: the measurement below is of a server in
  // steady state, not one still flushing a freshly loaded 1.4 GB to disk.
  await run("VACUUM ANALYZE");
  await run("CHECKPOINT");
}

async function storageAndDashboard() {
  const now = Date.now();
  const t = performance.now();
  let storage: Storage;
  if (ENGINE === "sqlite") {
    const path = join(dir, "history.sqlite");
    generate(path, now);
    storage = await openBenchStorage("sqlite", "history", dir);
  } else {
    storage = await openBenchStorage("postgres", "history", dir);
    await generatePg(storage, now);
  }
  const bytes = await databaseBytes(storage);
  console.log(
    `storage [${ENGINE}]: ${WORKERS} workers × 30 days (${SHARES_PER_MIN} shares/min/worker; 24 h raw shares, 48 h minute and 30 d hour rollups) = ` +
      `${mb(bytes)} on disk (generated in ${((performance.now() - t) / 1000).toFixed(0)} s) ${bytes < 2 * 1024 ** 3 ? "OK" : "FAIL"}`,
  );

  const mining = await createMining({ storage, log: silentLogger, config });
  const pool = { status: () => ({ listening: true, port: 3333, sessions: WORKERS, workers: WORKERS, node: { state: "ready" as const, since: 0 }, blocksFound: 0 }) };
  const app = await createApp({ config, storage, log: silentLogger, pool, version: "bench", startedAt: now, now: Date.now }, [miningFeature(mining)]);
  // Live state for every worker, as after a minute of mining.
  const bus: PoolBus = createEventBus();
  mining.attach(bus);
  for (let w = 0; w < WORKERS; w++) {
    bus.publish("share_submitted", {
      source: "hosted", address: address(Math.floor(w / PER_USER)), worker: `w${w % PER_USER}`, userAgent: "bitaxe/BM1370/v2.9.0", ip: "10.0.0.1",
      sessionId: String(w), jobId: "1", height: 1, accepted: true, targetDifficulty: 4096, shareDifficulty: 5000, rejectCode: null, rejectReason: null,
      isBlock: false, timestamp: Date.now(),
    });
  }
  await mining.flush();
  const server = app.listen({ hostname: "127.0.0.1", port: 0 });
  const base = `http://127.0.0.1:${server.server!.port}`;
  const RPS = 500, DURATION = 10;
  // Warm-up, not measured: a running server has its database connections open and its code compiled.
  for (let k = 0; k < 200; k += 10)
    await Promise.all(Array.from({ length: 10 }, (_, j) => fetch(`${base}/api/v1/mining/dashboard?address=${address((k + j) % USERS)}`).then((r) => r.arrayBuffer())));
  const lat: number[] = [];
  let errors = 0;
  const inflight: Promise<void>[] = [];
  const t0 = performance.now();
  let i = 0;
  // Open loop: requests leave on schedule whether or not earlier ones answered.
  while (i < RPS * DURATION) {
    const due = Math.floor(((performance.now() - t0) / 1000) * RPS);
    while (i < due && i < RPS * DURATION) {
      const url = `${base}/api/v1/mining/dashboard?address=${address(i % USERS)}`;
      const s = performance.now();
      inflight.push(
        fetch(url).then(async (r) => {
          await r.arrayBuffer();
          if (r.status !== 200) errors++;
          lat.push(performance.now() - s);
        }, () => void errors++),
      );
      i++;
    }
    await Bun.sleep(1);
  }
  await Promise.all(inflight);
  const wall = (performance.now() - t0) / 1000;
  lat.sort((a, b) => a - b);
  const p99 = pctl(lat, 99);
  console.log(
    `dashboard [${ENGINE}]: ${lat.length} GET /api/v1/mining/dashboard in ${wall.toFixed(1)} s (${Math.round(lat.length / wall)} req/s, ${USERS} miners, ${WORKERS} workers of history); ` +
      `p50 ${pctl(lat, 50).toFixed(2)} ms, p99 ${p99.toFixed(2)} ms, max ${lat.at(-1)!.toFixed(1)} ms, errors ${errors} ${p99 < 20 && errors === 0 ? "OK" : "FAIL"}`,
  );
  await server.stop(true);
  await mining.stop();
  await storage.close();
}

try {
  await ingest();
  await storageAndDashboard();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
// A private PostgreSQL server (--engine postgres) goes with this process.
process.exit(0);
