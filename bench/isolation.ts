// bun run bench:isolation — miners first: submit→reply latency at 5,000 shares/s while the web
// side is flooded and the database is locked from outside, with the pool in its own thread
// ("thread", what tbg runs) and, for comparison, on the main thread as before ("in-process").
//
// Per run: the real server (startServer) on a fresh data dir seeded with one address that has
// many workers; the recorded-template node over JSON-RPC; and, each in its own process,
//   - bench/stratum-load.ts: 200 sessions submitting random shares the pool fully validates,
//   - a web load: dashboard pages of that address (~500 req/s offered), a 10 MB POST body every
//     second, and account sign-ups (database writes on the main thread),
//   - an outside connection taking BEGIN EXCLUSIVE on the SQLite file, again and again.
// Usage: bun bench/isolation.ts [seconds=20] [rate=5000] [workers=20000] [modes=thread-quiet,in-process,thread]
// (a mode ending in -quiet runs the shares alone: the machine's baseline for the same load)
// Child modes: node | web HTTP_PORT ADDRESS SECONDS | lock DB_PATH SECONDS
import { bech32 } from "@scure/base";
import { Database } from "bun:sqlite";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ADDRESS = "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080";
/** The address whose dashboard is requested: it has `workers` workers. */
const BIG_ADDRESS = regtestAddress(0xb19);
const SESSIONS = 200;
const P99_BUDGET_MS = 10;
const WEB_RATE = 500;
const WEB_MAX_IN_FLIGHT = 256;
const BIG_BODY_BYTES = 10 * 1024 * 1024;
const SIGNUPS_PER_S = 2;
const LOCK_HOLD_MS = 1_000;
const LOCK_GAP_MS = 250;
const WEB_CLIENT_NICE = 10;
const MINER_CLIENT_NICE = -5;

/** A regtest P2WPKH address from a number (distinct addresses for seeding and sign-ups). */
function regtestAddress(n: number): string {
  const program = new Uint8Array(20);
  new DataView(program.buffer).setUint32(0, n);
  program[19] = 0x5a;
  return bech32.encode("bcrt", [0, ...bech32.toWords(program)]);
}

/** Children still running; killed if this process ends early (a failed run must not leave them). */
const children = new Set<Bun.Subprocess>();
process.on("exit", () => {
  for (const c of children) c.kill("SIGKILL");
});

const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? Number.NaN;

const [mode, ...args] = process.argv.slice(2);
if (mode === "node") await nodeChild();
else if (mode === "web") await webChild(Number(args[0]), args[1]!, Number(args[2]));
else if (mode === "lock") await lockChild(args[0]!, Number(args[1]));
else await main(Number(mode ?? 20), Number(args[0] ?? 5000), Number(args[1] ?? 20_000), (args[2] ?? "thread-quiet,in-process,thread").split(","));

/** The recorded-template node, in its own process so a stalled server thread cannot slow it. */
async function nodeChild(): Promise<void> {
  const { startFixedRpc } = await import("../stratum/e2e/fixed-rpc.ts");
  const rpc = startFixedRpc();
  console.log(rpc.url);
  await new Promise(() => {});
}

/** An outside connection (a backup tool, an operator's sqlite3 shell) taking the write lock. */
async function lockChild(path: string, seconds: number): Promise<void> {
  const db = new Database(path);
  const end = Date.now() + seconds * 1000;
  let holds = 0;
  while (Date.now() < end) {
    db.run("BEGIN EXCLUSIVE");
    holds++;
    await Bun.sleep(LOCK_HOLD_MS);
    db.run("ROLLBACK");
    await Bun.sleep(LOCK_GAP_MS);
  }
  db.close();
  console.log(JSON.stringify({ holds }));
  process.exit(0);
}

async function webChild(port: number, address: string, seconds: number): Promise<void> {
  const base = `http://127.0.0.1:${port}`;
  const lat: number[] = [];
  const statuses = new Map<string, number>();
  const count = (k: string) => statuses.set(k, (statuses.get(k) ?? 0) + 1);
  let inFlight = 0;
  let skipped = 0;
  let bodyBytes = 0;
  const timed = (what: string, req: () => Promise<Response>) => {
    inFlight++;
    const t0 = performance.now();
    return req()
      .then(async (r) => {
        bodyBytes += (await r.arrayBuffer()).byteLength;
        count(`${what} ${r.status}`);
        if (what === "dashboard") lat.push(performance.now() - t0);
      })
      .catch(() => count(`${what} error`))
      .finally(() => inFlight--);
  };
  const big = JSON.stringify({ email: "big@example.com", password: "Correct-Horse-7-Battery", btc_address: ADDRESS, display_name: "x".repeat(BIG_BODY_BYTES) });
  const start = performance.now();
  let sentDash = 0;
  let sentBig = 0;
  let sentSignup = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = (performance.now() - start) / 1000;
      if (elapsed >= seconds) {
        clearInterval(timer);
        resolve();
        return;
      }
      for (; sentDash < Math.floor(WEB_RATE * elapsed); sentDash++) {
        // Open loop with a cap: past it the request is counted as not sent (the server is saturated).
        if (inFlight >= WEB_MAX_IN_FLIGHT) skipped++;
        else void timed("dashboard", () => fetch(`${base}/dashboard?address=${address}`));
      }
      for (; sentBig < Math.floor(elapsed); sentBig++) {
        void timed("10MB POST", () => fetch(`${base}/api/v1/auth/register`, { method: "POST", headers: { "content-type": "application/json" }, body: big }));
      }
      for (; sentSignup < Math.floor(SIGNUPS_PER_S * elapsed); sentSignup++) {
        const n = sentSignup + 1;
        // A distinct client per sign-up (the server trusts this proxy header in the bench) so
        // the per-IP limit does not turn the writes into quick refusals.
        void timed("sign-up", () =>
          fetch(`${base}/api/v1/auth/register`, {
            method: "POST",
            headers: { "content-type": "application/json", "x-forwarded-for": `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` },
            body: JSON.stringify({ email: `bench${n}@example.com`, password: "Correct-Horse-7-Battery", btc_address: regtestAddress(0x100000 + n) }),
          }),
        );
      }
    }, 10);
  });
  const drainUntil = Date.now() + 10_000;
  while (inFlight > 0 && Date.now() < drainUntil) await Bun.sleep(20);
  lat.sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      dashboards: lat.length,
      dashboardRate: lat.length / seconds,
      skipped,
      unfinished: inFlight,
      p50: pct(lat, 0.5),
      p99: pct(lat, 0.99),
      mbReceived: bodyBytes / 1e6,
      statuses: Object.fromEntries(statuses),
    }),
  );
  process.exit(0);
}

interface LoadResult {
  sent: number;
  replies: number;
  dropped: number;
  accepted: number;
  rejected: number;
  rate: number;
  p50: number;
  p99: number;
  max: number;
}

async function lastJson<T>(p: Bun.Subprocess<"ignore", "pipe", "inherit">): Promise<T> {
  const out = await new Response(p.stdout).text();
  await p.exited;
  const line = out.trim().split("\n").at(-1);
  if (!line) throw new Error("a bench child printed nothing");
  return JSON.parse(line) as T;
}

async function runOnce(kind: string, seconds: number, rate: number, workers: number) {
  const { loadConfig } = await import("../src/config.ts");
  const { openDatabase } = await import("../src/db/client.ts");
  const { MiningWriter } = await import("../src/db/mining.ts");
  const { emptyBatch } = await import("../src/mining/aggregator.ts");
  const { silentLogger } = await import("../src/log.ts");
  const { startServer } = await import("../src/server.ts");
  const self = import.meta.path;
  const load = new URL("./stratum-load.ts", import.meta.url).pathname;

  const dir = mkdtempSync(join(tmpdir(), "tbg-bench-isolation-"));
  const nodeProc = Bun.spawn(["bun", self, "node"], { stdout: "pipe", stderr: "inherit" });
  children.add(nodeProc);
  const reader = nodeProc.stdout.getReader();
  let urlText = "";
  while (!urlText.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) throw new Error("the node child ended");
    urlText += new TextDecoder().decode(value);
  }
  const rpcUrl = urlText.trim();

  const cfg = loadConfig({
    TBG_DATA_DIR: dir,
    TBG_HTTP_HOST: "127.0.0.1",
    TBG_HTTP_PORT: "0",
    TBG_STRATUM_HOST: "127.0.0.1",
    TBG_STRATUM_PORT: "0",
    TBG_NETWORK: "regtest",
    TBG_BITCOIN_RPC_URL: rpcUrl,
    TBG_BITCOIN_RPC_USER: "bench",
    TBG_BITCOIN_RPC_PASSWORD: "unused",
    TBG_MAX_CONN_PER_IP: "100000",
    TBG_TRUSTED_PROXIES: "127.0.0.1",
  });
  if (!cfg.ok) throw new Error(cfg.errors.join("\n"));
  // Random shares are accepted at this difficulty (below what TBG_MIN_DIFF allows), as in
  // bench/pool-ingest.ts: every share is fully validated and every one is a stored share.
  const config = { ...cfg.config, stratum: { ...cfg.config.stratum, minDiff: 1e-10, startDiff: 1e-10, idleTimeoutMs: 600_000 } };

  // One address with many workers, written the way the mining writer writes them.
  const seedDb = openDatabase(config.databasePath);
  const batch = emptyBatch();
  const at = Date.now();
  for (let i = 0; i < workers; i++) {
    batch.workers.set(`${BIG_ADDRESS}\nw${i}`, {
      address: BIG_ADDRESS, worker: `w${i}`, userAgent: "bench/1.0", ip: "10.0.0.1", online: false, currentDiff: 1024,
      accepted: 100 + i, rejected: 0, bestDiff: 1000 + i, bestDiffAt: at, lastShareAt: at, connectedAt: at, disconnectedAt: at, minutes: new Map(),
    });
  }
  new MiningWriter(seedDb.sqlite).write(batch);
  seedDb.close();

  const running = await startServer(config, silentLogger, { inProcessPool: kind.startsWith("in-process") });
  const deadline = Date.now() + 30_000;
  while (running.pool.status().height === undefined) {
    if (Date.now() > deadline) throw new Error("the pool got no template");
    await Bun.sleep(50);
  }

  // Main-thread lag: how late a 10 ms timer fires (what an in-process pool's replies wait for).
  const lags: number[] = [];
  let expected = performance.now() + 10;
  const lagTimer = setInterval(() => {
    const t = performance.now();
    lags.push(Math.max(0, t - expected));
    expected = t + 10;
  }, 10);

  const spawn = (argv: string[], nice = 0) => {
    const p = Bun.spawn([...(nice ? ["nice", "-n", String(nice)] : []), "bun", ...argv], { stdout: "pipe", stderr: "inherit" });
    children.add(p);
    void p.exited.then(() => children.delete(p));
    return p;
  };
  // The web load and the lock run a little longer than the shares, so they cover all of it.
  const extra = 3;
  const quiet = kind.endsWith("-quiet");
  // The web clients stand in for other machines: on this one they must not take the CPU the
  // server needs, so they run at a lower priority (the load they offer is the same).
  const lock = quiet ? null : spawn([self, "lock", config.databasePath, String(seconds + extra)], WEB_CLIENT_NICE);
  const web = quiet ? null : spawn([self, "web", String(running.httpPort), BIG_ADDRESS, String(seconds + extra)], WEB_CLIENT_NICE);
  // The miners' side measures the latency: like the pool thread it runs at a higher priority, so
  // what it reports is the pool's delay and not its own wait for a core (needs root; else 0).
  const shares = spawn([load, "shares", String(running.stratumPort), String(SESSIONS), String(rate), String(seconds)], MINER_CLIENT_NICE);
  const [s, w, l] = await Promise.all([
    lastJson<LoadResult>(shares),
    web === null ? { dashboardRate: Number.NaN } : lastJson<Record<string, unknown>>(web),
    lock === null ? { holds: 0 } : lastJson<{ holds: number }>(lock),
  ]);
  clearInterval(lagTimer);
  await running.stop();
  nodeProc.kill();
  await nodeProc.exited;
  children.delete(nodeProc);
  rmSync(dir, { recursive: true, force: true });
  lags.sort((a, b) => a - b);
  return { kind, s, w, l, lagP99: pct(lags, 0.99), lagMax: lags.at(-1) ?? 0 };
}

async function main(seconds: number, rate: number, workers: number, modes: string[]): Promise<void> {
  console.log(
    `isolation: ${rate} shares/s over ${SESSIONS} sessions for ${seconds} s, while: dashboard of an address with ${workers} workers offered at ${WEB_RATE}/s ` +
      `(≤ ${WEB_MAX_IN_FLIGHT} in flight), a ${BIG_BODY_BYTES / 1048576} MB POST every second, ${SIGNUPS_PER_S} sign-ups/s, ` +
      `and an outside BEGIN EXCLUSIVE held ${LOCK_HOLD_MS} ms every ${LOCK_HOLD_MS + LOCK_GAP_MS} ms`,
  );
  const rows = [];
  for (const kind of modes) {
    const r = await runOnce(kind, seconds, rate, workers);
    rows.push(r);
    console.log(`${kind}: shares ${JSON.stringify(r.s)}\n${kind}: web ${JSON.stringify(r.w)}\n${kind}: lock ${JSON.stringify(r.l)}`);
  }
  const f = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : "—");
  // Replies that never came within the load generator's 5 s drain count as slower than that:
  // the percentiles of the few answered ones alone would flatter a stalled pool.
  const slow = (r: { s: LoadResult }, v: number, p: number) => (r.s.replies < r.s.sent * p ? "> 5000" : f(v));
  console.log("\n| pool | shares sent | answered | not answered in 5 s | reply p50 ms | reply p99 ms | reply max ms | main-thread lag p99 / max ms | dashboards served/s | lock holds | p99 < 10 ms |");
  console.log("|---|---|---|---|---|---|---|---|---|---|---|");
  let ok = true;
  for (const r of rows) {
    const pass = r.s.p99 < P99_BUDGET_MS && r.s.dropped === 0 && r.s.replies === r.s.sent;
    if (r.kind === "thread") ok = pass;
    console.log(
      `| ${r.kind} | ${r.s.sent} | ${r.s.replies} | ${r.s.dropped} | ${slow(r, r.s.p50, 0.5)} | ${slow(r, r.s.p99, 0.99)} | ${r.s.dropped > 0 ? "> 5000" : f(r.s.max)} | ${r.lagP99.toFixed(0)} / ${r.lagMax.toFixed(0)} | ${f(Number(r.w.dashboardRate))} | ${r.l.holds} | ${pass ? "yes" : "no"} |`,
    );
  }
  process.exit(modes.includes("thread") && !ok ? 1 : 0);
}
