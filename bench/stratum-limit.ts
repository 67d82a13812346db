// bun run bench:stratum-limit — the pool at its limit, on one core.
//
// The pool runs as tbg runs it (createThreadedPool: the stratum engine in its own thread, every
// share event crossing to the main thread) in its own process pinned to core 0; the load
// generator (bench/stratum-limit-load.ts) runs in another process pinned to core 1 (taskset, when
// the machine has it). Templates come from the recorded regtest template over JSON-RPC, with
// difficulty-1 bits, so every random share is fully hashed and none is a block.
//
// Steps (figures are medians over ROUNDS interleaved rounds, with the range):
//   rates   10k/20k/30k/40k shares/s across 200 sessions, STEP_S seconds each:
//           answered/offered, p50/p99/max submit→reply, pool CPU (% of one core), RSS
//   idle    5,000 and 19,900 subscribed+authorized sessions: KB per session above baseline
//           (in-process pool so a full GC can run before measuring; the engine is the same code)
//   flood   10k/s rejected shares for FLOOD_S seconds (sessions cut for rejects reconnect):
//           RSS after 1 minute and at the end
// Environment: STEP_S (10), WARMUP_S (5, at the first rate, not counted), ROUNDS (3), RATES (10000,20000,30000,40000), SESSIONS (200),
// IDLE (5000,19900), FLOOD_S (120; the issue's full figure is 600), FLOOD_RATE (10000),
// PARTS (rates,idle,flood), BENCH_NICE (-5), BENCH_RT (0; 1 = chrt -r 1 for both sides),
// CKPOOL (path to a ckpool binary: the rate steps run against it too, interleaved with ours;
// see bench/ckpool.ts), BENCH_IDLE_POLL (0; 1 = keep both cores from halting: on a virtual
// machine each halt and wake-up is a trip through the host, see bench/idle-poll.ts).
// Child mode: bun bench/stratum-limit.ts pool threaded|inproc  (prints the port, answers "stats"/"gc" on stdin)

import { readFileSync } from "node:fs";
import { allocatorEnv } from "../src/allocator.ts";
import { startCkpool, type PoolUnderTest } from "./ckpool.ts";
import { startIdlePollers } from "./idle-poll.ts";

const STEP_S = Number(process.env.STEP_S ?? 10);
const WARMUP_S = Number(process.env.WARMUP_S ?? 5);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const RATES = (process.env.RATES ?? "10000,20000,30000,40000").split(",").map(Number);
const SESSIONS = Number(process.env.SESSIONS ?? 200);
const IDLE = (process.env.IDLE ?? "5000,19900").split(",").map(Number);
const FLOOD_S = Number(process.env.FLOOD_S ?? 120);
const FLOOD_RATE = Number(process.env.FLOOD_RATE ?? 10_000);
const PARTS = new Set((process.env.PARTS ?? "rates,idle,flood").split(","));
const P99_LIMIT_MS = 50;
const CKPOOL = process.env.CKPOOL ?? "";
/** BENCH_IDLE_POLL=1: the cores never halt while the pools wait for lines (bench/idle-poll.ts). */
const IDLE_POLL = process.env.BENCH_IDLE_POLL === "1";

const self = new URL(import.meta.url).pathname;
const loadScript = new URL("./stratum-limit-load.ts", import.meta.url).pathname;
const hasTaskset = Bun.which("taskset") !== null;
/** Both sides at the priority tbg asks for its pool thread (nice -5; BENCH_NICE changes it), so
 * other work on a shared machine disturbs the figures less. Ignored where not permitted. */
const NICE = Number(process.env.BENCH_NICE ?? -5);
const canNice = Bun.which("nice") !== null && Bun.spawnSync(["nice", "-n", String(NICE), "true"]).exitCode === 0;
/** BENCH_RT=1: both sides at the lowest real-time priority (chrt -r 1), so the figures measure
 * the pool rather than the machine's other load; each still gets only its own core. */
const RT = process.env.BENCH_RT === "1" && Bun.which("chrt") !== null && Bun.spawnSync(["chrt", "-r", "1", "true"]).exitCode === 0;
const pinned = (core: number, argv: string[]) => [
  ...(hasTaskset ? ["taskset", "-c", String(core)] : []),
  ...(RT ? ["chrt", "-r", "1"] : canNice && NICE !== 0 ? ["nice", "-n", String(NICE)] : []),
  ...argv,
];

interface PoolStats {
  cpuMs: number;
  sysMs: number;
  rss: number;
  sessions: number;
  events: number;
}


async function poolChild(inproc: boolean): Promise<void> {
  const { createPool } = await import("../stratum/pool.ts");
  const { createThreadedPool } = await import("../stratum/thread/threaded-pool.ts");
  const { startFixedRpc } = await import("../stratum/e2e/fixed-rpc.ts");
  const { fixedNode } = await import("../stratum/e2e/fixed-node.ts");
  const { poolOptions, quietLog } = await import("../stratum/e2e/harness.ts");
  const base = {
    minDiff: 1e-10,
    maxConnectionsPerIp: 100_000,
    maxConnections: 100_000,
    idleTimeoutMs: 600_000,
    log: quietLog,
  };
  let pool;
  if (inproc) pool = createPool(poolOptions({ ...base, node: fixedNode() }));
  else {
    const rpc = startFixedRpc();
    const { node: _n, log: _l, now: _t, ...plain } = poolOptions(base);
    pool = createThreadedPool({ ...plain, node: { url: rpc.url }, log: quietLog, ...(process.env.EVENT_BATCH_MS ? { eventBatchMs: Number(process.env.EVENT_BATCH_MS) } : {}) });
  }
  let events = 0;
  // What the app's bridge does first with every share: take it on the main thread.
  pool.events.on("share_submitted", () => void events++);
  const { port } = await pool.start();
  while (pool.status().height === undefined) await Bun.sleep(20);
  console.log(String(port));
  const stats = (): PoolStats => {
    const c = process.cpuUsage();
    return { cpuMs: (c.user + c.system) / 1000, sysMs: c.system / 1000, rss: process.memoryUsage().rss, sessions: pool.status().sessions, events };
  };
  for await (const line of console) {
    if (line === "") continue;
    if (line === "gc") {
      Bun.gc(true);
      await Bun.sleep(200);
      Bun.gc(true);
    }
    console.log(JSON.stringify(stats()));
  }
  process.exit(0);
}

/** A child whose stdout is read line by line. */
function lines(proc: Bun.Subprocess<"pipe" | "ignore", "pipe", "inherit">) {
  const reader = proc.stdout.getReader();
  const decoder = new TextDecoder();
  let buf = "";
  return async function next(): Promise<string> {
    for (;;) {
      const nl = buf.indexOf("\n");
      if (nl !== -1) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        return line;
      }
      const { value, done } = await reader.read();
      if (done) throw new Error("child ended");
      buf += decoder.decode(value);
    }
  };
}

const children = new Set<Bun.Subprocess>();
process.on("exit", () => {
  for (const c of children) c.kill("SIGKILL");
});

/** POOL_ENV="K=V K=V": extra environment for the pool process only (runtime settings tried on
 * the pool without touching the generator). */
const poolEnv = () => Object.fromEntries((process.env.POOL_ENV ?? "").split(/\s+/).filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]));

async function startPool(mode: "threaded" | "inproc") {
  // With the allocator setting `tbg serve` starts under (src/allocator.ts), as the product runs.
  const proc = Bun.spawn(pinned(0, ["bun", self, "pool", mode]), { stdin: "pipe", stdout: "pipe", stderr: "inherit", env: { ...allocatorEnv(), ...poolEnv() } });
  children.add(proc);
  const next = lines(proc);
  const port = Number(await next());
  const ask = async (cmd = "stats"): Promise<PoolStats> => {
    proc.stdin.write(`${cmd}\n`);
    proc.stdin.flush();
    return JSON.parse(await next()) as PoolStats;
  };
  const stop = async () => {
    proc.kill();
    await proc.exited;
    children.delete(proc);
  };
  return { port, ask, stop };
}

/** The generator collects its garbage rarely (256 MB of allocation between young collections):
 * each collection stalls its event loop, and replies it reads late would count as the pool's
 * latency. The pool runs with this process's environment, as tbg would. */
const generatorEnv = () => ({ ...process.env, BUN_JSC_largeHeapSize: String(256 * 1024 * 1024) });

function load(args: (string | number)[]) {
  const proc = Bun.spawn(pinned(1, ["bun", loadScript, ...args.map(String)]), { stdout: "pipe", stderr: "inherit", env: generatorEnv() });
  children.add(proc);
  return { proc, next: lines(proc) };
}

/** Time the machine's host took core N away from this machine (the "steal" column of
 * /proc/stat, in ms): a virtual CPU that is not running stalls whatever runs on it, pool or
 * generator, and that shows in the latency figures. */
function stealMs(): number[] {
  try {
    const userHz = 100;
    return readFileSync("/proc/stat", "utf8")
      .split("\n")
      .filter((l) => /^cpu\d/.test(l))
      .map((l) => (Number(l.trim().split(/\s+/)[8]) * 1000) / userHz);
  } catch {
    return [];
  }
}

const mib = (b: number) => (b / 1024 ** 2).toFixed(0);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const range = (xs: number[], f: (x: number) => string) => `${f(Math.min(...xs))}–${f(Math.max(...xs))}`;
const ms = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(0));

interface StepResult {
  rate: number;
  sent: number;
  answered: number;
  p50: number;
  p99: number;
  max: number;
  cpu: number;
  /** The kernel's part of cpu (socket calls, page faults). */
  sys: number;
  rss: number;
  closed: number;
  /** Share of the step's wall time the host took core 0 (the pools' core) away. */
  stolen: number;
}

/** A step counts as "quiet" when the host took less than this share of the pools' core. */
const QUIET_STEAL = 0.01;

/** Waits until a pool is idle again (under 15% of its core for half a second, at most 30 s): a
 * pool past its capacity is still working through the lines it read when the generator leaves,
 * and that work would land on the next step, which may be the other pool's. */
async function settle(pool: PoolUnderTest): Promise<void> {
  const until = Date.now() + 30_000;
  let last = await pool.ask();
  do {
    await Bun.sleep(500);
    const now = await pool.ask();
    const busy = (now.cpuMs - last.cpuMs) / 500;
    last = now;
    if (busy < 0.15) return;
  } while (Date.now() < until);
}

async function rates(): Promise<void> {
  const pools: { name: string; pool: PoolUnderTest }[] = [{ name: "tbg", pool: await startPool(process.env.POOL_MODE === "inproc" ? "inproc" : "threaded") }];
  // Both pools stay up on core 0 for the whole run; the one not being measured sits idle.
  if (CKPOOL !== "") pools.push({ name: "ckpool", pool: await startCkpool(CKPOOL, (argv) => pinned(0, argv)) });
  console.log(`rates: ${pools.map((p) => p.name).join(" and ")} pinned to core 0, generator to core 1 (${hasTaskset ? "taskset" : "NOT pinned: no taskset"}, ${RT ? "real-time priority" : `nice ${canNice ? NICE : 0}`}); ${SESSIONS} sessions, ${STEP_S} s per step, ${ROUNDS} rounds`);
  for (const { pool } of pools) {
    // Warm-up, not counted: the JIT compiles the share path in the first seconds, and with the
    // whole process on one core each optimizing compile (up to ~20 ms) holds the event loop.
    const warm = load(["shares", pool.port, SESSIONS, RATES[0]!, WARMUP_S]);
    if ((await warm.next()) !== "ready") throw new Error("generator did not get ready");
    await warm.next();
    await warm.proc.exited;
    children.delete(warm.proc);
  }
  const results = new Map<string, StepResult[]>();
  for (let round = 1; round <= ROUNDS; round++) {
    // Interleaved, and the order turned every round, so a burst of other work on the machine
    // does not land on one rate (or one pool) only.
    const order = round % 2 === 1 ? RATES : [...RATES].reverse();
    for (const rate of order) {
      for (const { name, pool } of round % 2 === 1 ? pools : [...pools].reverse()) {
        const gen = load(["shares", pool.port, SESSIONS, rate, STEP_S]);
        if ((await gen.next()) !== "ready") throw new Error("generator did not get ready");
        const before = await pool.ask();
        const steal0 = stealMs();
        const t0 = performance.now();
        const r = JSON.parse(await gen.next()) as { sent: number; answered: number; accepted: number; p50: number; p99: number; max: number; closed: number; offeredFor: number; genLate: { n: number; max: number }; over2ms: number };
        const after = await pool.ask();
        const steal = stealMs().map((v, i) => v - (steal0[i] ?? 0));
        await gen.proc.exited;
        children.delete(gen.proc);
        const wall = performance.now() - t0;
        const step: StepResult = { rate, sent: r.sent, answered: r.answered, p50: r.p50, p99: r.p99, max: r.max, cpu: (after.cpuMs - before.cpuMs) / wall, sys: (after.sysMs - before.sysMs) / wall, rss: after.rss, closed: r.closed, stolen: (steal[0] ?? 0) / wall };
        const key = `${name} ${rate}`;
        if (!results.has(key)) results.set(key, []);
        results.get(key)!.push(step);
        console.log(
          `  round ${round} ${name} ${rate}/s: answered ${step.answered}/${step.sent} (${r.accepted} accepted), p50 ${ms(step.p50)} ms, p99 ${ms(step.p99)} ms, max ${ms(step.max)} ms, ` +
            `over 2 ms ${(r.over2ms * 100).toFixed(2)}%, CPU ${(step.cpu * 100).toFixed(0)}% (kernel ${(step.sys * 100).toFixed(0)}%), RSS ${mib(step.rss)} MiB, generator stalls >4 ms: ${r.genLate.n} (max ${ms(r.genLate.max)} ms), host steal core0/core1 ${steal.join("/")} ms${step.closed > 0 ? `, ${step.closed} sessions closed` : ""}`,
        );
        await settle(pool);
      }
    }
  }
  for (const { pool } of pools) await pool.stop();
  console.log(`\n| pool | offered/s | answered/offered | p50 ms | p99 ms | max ms | pool CPU | RSS MiB | every share answered, p99 < ${P99_LIMIT_MS} ms |`);
  console.log("|---|---|---|---|---|---|---|---|---|");
  for (const rate of RATES) {
    for (const { name } of pools) {
      const steps = results.get(`${name} ${rate}`) ?? [];
      const ok = steps.filter((s) => s.answered === s.sent && s.p99 < P99_LIMIT_MS).length;
      console.log(
        `| ${name} | ${rate} | ${(median(steps.map((s) => s.answered / s.sent)) * 100).toFixed(1)}% | ${ms(median(steps.map((s) => s.p50)))} (${range(steps.map((s) => s.p50), ms)}) | ` +
          `${ms(median(steps.map((s) => s.p99)))} (${range(steps.map((s) => s.p99), ms)}) | ${ms(median(steps.map((s) => s.max)))} | ` +
          `${(median(steps.map((s) => s.cpu)) * 100).toFixed(0)}% | ${mib(median(steps.map((s) => s.rss)))} (${range(steps.map((s) => s.rss), mib)}) | ${ok} of ${steps.length} rounds |`,
      );
    }
  }
  // The host of a virtual machine takes its cores away now and then; a step where it did is
  // slower for whichever pool ran in it. The same figures over the steps where it hardly did:
  console.log(`\nsteps where the host took less than ${QUIET_STEAL * 100}% of core 0:`);
  for (const rate of RATES) {
    for (const { name } of pools) {
      const quiet = (results.get(`${name} ${rate}`) ?? []).filter((s) => s.stolen < QUIET_STEAL);
      console.log(
        quiet.length === 0
          ? `  ${name} ${rate}/s: none`
          : `  ${name} ${rate}/s: ${quiet.length} steps, p99 ${ms(median(quiet.map((s) => s.p99)))} ms (${range(quiet.map((s) => s.p99), ms)}), p50 ${ms(median(quiet.map((s) => s.p50)))} ms, CPU ${(median(quiet.map((s) => s.cpu)) * 100).toFixed(0)}%`,
      );
    }
  }
}

async function idle(): Promise<void> {
  for (const count of IDLE) {
    const pool = await startPool("inproc");
    const base = await pool.ask("gc");
    const { gens, opened } = await openIdle(pool.port, count);
    let loaded = await pool.ask("gc");
    while (loaded.sessions < opened) {
      await Bun.sleep(100);
      loaded = await pool.ask("gc");
    }
    const per = (loaded.rss - base.rss) / loaded.sessions;
    console.log(
      `idle: ${loaded.sessions} of ${count} sessions, RSS ${mib(loaded.rss)} MiB (baseline ${mib(base.rss)} MiB), ${(per / 1024).toFixed(2)} KB/session above baseline — target ≤ 5 KB: ${per <= 5 * 1024 ? "PASS" : "MISS"}`,
    );
    await closeAll(gens);
    await pool.stop();
    if (CKPOOL === "") continue;
    const ck = await startCkpool(CKPOOL, (argv) => pinned(0, argv));
    const ckBase = await ck.ask();
    const idleCk = await openIdle(ck.port, count);
    await Bun.sleep(1000);
    const ckLoaded = await ck.ask();
    console.log(
      `idle, ckpool: ${idleCk.opened} of ${count} sessions with work (${idleCk.connected} connected), RSS ${mib(ckLoaded.rss)} MiB (baseline ${mib(ckBase.rss)} MiB), ` +
        `${((ckLoaded.rss - ckBase.rss) / idleCk.connected / 1024).toFixed(2)} KB per connected session above baseline`,
    );
    await closeAll(idleCk.gens);
    await ck.stop();
  }
}

/** `count` subscribed and authorized sessions on `port`, from two generator processes (each may
 * hold only so many descriptors). */
async function openIdle(port: number, count: number) {
  const halves = [Math.ceil(count / 2), Math.floor(count / 2)];
  const gens = halves.map((n) => load(["idle", port, n]));
  const ready = await Promise.all(gens.map((g) => g.next()));
  if (!ready.every((r) => r.startsWith("ready"))) throw new Error(`idle generator failed: ${ready.join(" / ")}`);
  const sum = (k: number) => ready.reduce((n, r) => n + Number(r.split(" ")[k]), 0);
  return { gens, opened: sum(1), connected: sum(2) };
}

async function closeAll(gens: { proc: Bun.Subprocess }[]): Promise<void> {
  for (const g of gens) {
    g.proc.kill();
    await g.proc.exited;
    children.delete(g.proc);
  }
}

async function flood(): Promise<void> {
  const pool = await startPool("threaded");
  const every = Math.min(60, FLOOD_S);
  const gen = load(["junk", pool.port, SESSIONS, FLOOD_RATE, FLOOD_S, every]);
  if ((await gen.next()) !== "ready") throw new Error("junk generator did not get ready");
  console.log(`flood: ${FLOOD_RATE}/s rejected shares for ${FLOOD_S} s across ${SESSIONS} sessions (cut sessions reconnect)`);
  const samples: { at: number; rss: number }[] = [];
  const t0 = performance.now();
  let before = await pool.ask();
  for (;;) {
    const line = await gen.next();
    const r = JSON.parse(line) as { at?: number; answeredPerS?: number; rejected: number; cuts: number; done?: boolean };
    if (r.done) break;
    const s = await pool.ask();
    samples.push({ at: r.at!, rss: s.rss });
    console.log(
      `  ${r.at} s: RSS ${mib(s.rss)} MiB, ${r.answeredPerS!.toFixed(0)} rejects answered/s, ${r.cuts} sessions cut so far, pool CPU ${(((s.cpuMs - before.cpuMs) / (performance.now() - t0)) * 100).toFixed(0)}%`,
    );
  }
  before = await pool.ask();
  await gen.proc.exited;
  children.delete(gen.proc);
  await pool.stop();
  const first = samples.find((s) => s.at >= 60) ?? samples[0];
  const last = samples[samples.length - 1];
  if (first !== undefined && last !== undefined && last !== first) {
    const growth = (last.rss - first.rss) / first.rss;
    console.log(
      // "Flat" is about growth: memory given back during the flood is not a miss.
      `flood: RSS ${mib(first.rss)} MiB at ${first.at} s, ${mib(last.rss)} MiB at ${last.at} s (${(growth * 100).toFixed(1)}%) — target: grows at most 10%: ${growth <= 0.1 ? "PASS" : "MISS"}`,
    );
  }
}

async function main(): Promise<void> {
  if (IDLE_POLL) {
    startIdlePollers([0, 1]);
    console.log("idle poll: both cores kept from halting (SCHED_IDLE sched_yield loops, bench/idle-poll.ts)");
  }
  if (PARTS.has("rates")) await rates();
  if (PARTS.has("idle")) await idle();
  if (PARTS.has("flood")) await flood();
  process.exit(0);
}

if (process.argv[2] === "pool") await poolChild(process.argv[3] === "inproc");
else await main();
