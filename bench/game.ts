// Game budget (issue 12): the game keeps up with 5,000 shares/s from 1,000 users — nothing
// dropped, every user's first_share badge granted, and the lag from a batch's commit to the
// game having processed it (badges granted, totals written) p99 < 2 s. The real ingest, writer
// thread and game, on a real database; only the pool is replaced by publishing share events.
// It also prints where the game's time went per phase (the cold first batch apart) and how late a
// 10 ms timer ran (the event loop the pool answers on).
// Usage: bun bench/game.ts [seconds=20] [rate=5000] [--engine sqlite|postgres]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ShareSubmittedEvent } from "../stratum/events.ts";
import { loadConfig } from "../src/config.ts";
import { createEventBus, type PoolBus } from "../src/events.ts";
import { createGame } from "../src/game/service.ts";
import { silentLogger } from "../src/log.ts";
import { createMining } from "../src/mining/service.ts";
import { benchArgs, openBenchStorage, scalar } from "./storage.ts";

const { engine: ENGINE, rest: ARGS } = benchArgs(process.argv.slice(2));
const SECONDS = Number(ARGS[0] ?? 20);
const RATE = Number(ARGS[1] ?? 5000);
const USERS = 1000;

const dir = mkdtempSync(join(tmpdir(), "tbg-bench-game-"));
const cfg = loadConfig({ TBG_DATA_DIR: dir });
if (!cfg.ok) throw new Error(cfg.errors.join("\n"));
const BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
const address = (u: number) => `bc1q${[...u.toString(32).padStart(6, "0")].map((c) => BECH32[parseInt(c, 32)]).join("")}${"q".repeat(32)}`;
const pctl = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? 0;

const storage = await openBenchStorage(ENGINE, "game", dir);
const mining = await createMining({ storage, log: silentLogger, config: cfg.config });
// Per-phase profile of every chunk: the first batch (1,000 never-seen players) apart from the rest.
const PHASES = ["read", "compute", "write", "outcomes", "commit", "publish", "total"] as const;
const coldPhases = Object.fromEntries(PHASES.map((p) => [p, 0])) as Record<(typeof PHASES)[number], number>;
const warmPhases = Object.fromEntries(PHASES.map((p) => [p, 0])) as Record<(typeof PHASES)[number], number>;
let coldUsers = 0;
let warmUsers = 0;
let warmChunks = 0;
const game = createGame({
  repos: storage.repos, log: silentLogger,
  onChunk: (t) => {
    const cold = coldUsers < USERS;
    const into = cold ? coldPhases : warmPhases;
    for (const p of PHASES) into[p] += t[p];
    if (cold) coldUsers += t.users;
    else ((warmUsers += t.users), warmChunks++);
  },
});
game.attach(mining.events);

// When each batch committed, and when the game had processed it (its queue reached it).
const batchLag: number[] = [];
const firstCommit = new Map<string, number>();
const badgeAt = new Map<number, number>();
mining.events.on(
  "mining.batch_committed",
  (e) => {
    const at = performance.now();
    for (const u of e.users) if (!firstCommit.has(u.address)) firstCommit.set(u.address, at);
    // Subscribed after the game: its step for this batch is queued before this idle().
    void game.idle().then(() => batchLag.push(performance.now() - at));
  },
  { name: "bench:commit", keep: () => true },
);
game.events.on("game.badge_earned", (e) => {
  if (e.slug === "first_share" && !badgeAt.has(e.userId)) badgeAt.set(e.userId, performance.now());
});

const bus: PoolBus = createEventBus();
mining.attach(bus);
const template: ShareSubmittedEvent = {
  source: "hosted", address: "", worker: "w", userAgent: "bitaxe/BM1370/v2.9.0", ip: "10.0.0.1", sessionId: "s", jobId: "1", height: 924_000,
  accepted: true, targetDifficulty: 4096, shareDifficulty: 0, rejectCode: null, rejectReason: null, isBlock: false, timestamp: 0,
};
// How long the event loop was held (the pool answers miners on this loop): a 10 ms timer's lateness.
const loopLate: number[] = [];
let tickAt = performance.now();
const loopTimer = setInterval(() => {
  const n = performance.now();
  loopLate.push(Math.max(0, n - tickAt - 10));
  tickAt = n;
}, 10);
const start = performance.now();
let sent = 0;
await new Promise<void>((resolve) => {
  const tick = () => {
    const due = Math.min(Math.floor(((performance.now() - start) / 1000) * RATE), SECONDS * RATE);
    const now = Date.now();
    while (sent < due) {
      bus.publish("share_submitted", { ...template, address: address(sent % USERS), timestamp: now, shareDifficulty: 4096 + ((sent * 2654435761) % 1e6) });
      sent++;
    }
    if (sent >= SECONDS * RATE) resolve();
    else setTimeout(tick, 5);
  };
  tick();
});
await bus.drain();
await mining.flush();
const sendWall = (performance.now() - start) / 1000;
const drainStart = performance.now();
await game.idle();
const drainMs = performance.now() - drainStart;
clearInterval(loopTimer);

const bs = bus.stats();
const st = mining.ingestStats();
const stored = await scalar(storage, "SELECT coalesce(sum(accepted_shares), 0) AS n FROM user_daily_stats");
const badges = await scalar(storage, "SELECT count(*) AS n FROM user_badges WHERE slug = 'first_share'");
const lags: number[] = [];
for (const [userId, at] of badgeAt) {
  const u = await storage.repos.users.findUserById(userId);
  const c = u?.btcAddress ? firstCommit.get(u.btcAddress) : undefined;
  if (c !== undefined) lags.push(at - c);
}
await game.stop();
await mining.stop();
await storage.close();
rmSync(dir, { recursive: true, force: true });

const ok = bs.dropped === 0 && st.droppedShares === 0 && stored === sent && badges === USERS && pctl(lags, 99) < 2000 && pctl(batchLag, 99) < 2000;
console.log(
  `game [${ENGINE}]: ${sent} shares from ${USERS} users in ${sendWall.toFixed(1)} s = ${Math.round(sent / sendWall)}/s; dropped ${bs.dropped} (bus) + ${st.droppedShares} (batch); stored ${stored}; ` +
    `${st.batches} batches; first_share badges ${badges}/${USERS}, commit→badge p50 ${pctl(lags, 50).toFixed(0)} ms p99 ${pctl(lags, 99).toFixed(0)} ms; ` +
    `commit→batch processed p50 ${pctl(batchLag, 50).toFixed(0)} ms p99 ${pctl(batchLag, 99).toFixed(0)} ms max ${Math.max(0, ...batchLag).toFixed(0)} ms; drain after the last batch ${drainMs.toFixed(0)} ms ${ok ? "OK" : "FAIL"}`,
);
const fmtPhases = (x: Record<string, number>) => PHASES.map((p) => `${p} ${x[p]!.toFixed(0)}`).join(", ");
console.log(`  cold batch (${coldUsers} new players), ms summed over its chunks: ${fmtPhases(coldPhases)}`);
console.log(`  later full steps (${warmUsers} user steps in ${warmChunks} chunks; the rest took the shares-only fast path), ms: ${fmtPhases(warmPhases)}`);
console.log(`  event loop held (10 ms timer lateness, whole process incl. ingest and the share generator): p99 ${pctl(loopLate, 99).toFixed(0)} ms, max ${Math.max(0, ...loopLate).toFixed(0)} ms`);
console.log(`  load average ${(await Bun.file("/proc/loadavg").text().catch(() => "?")).split(" ").slice(0, 3).join(" ")}`);
process.exit(ok ? 0 : 1);
