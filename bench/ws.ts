// WebSocket fan-out budgets (issue 16): one global event to 10,000 sockets in < 500 ms; 1,000
// users each receiving a personal event every second with p99 < 100 ms; memory per idle socket.
// The server is this process (the real app: createApp + the realtime feature over SQLite); the
// clients run in child processes (bench/ws-clients.ts) so their work is not counted as the server's.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAccounts } from "../src/auth/accounts.ts";
import { JwtKeys } from "../src/auth/jwt.ts";
import { loadConfig } from "../src/config.ts";
import { openStorage } from "../src/db/storage.ts";
import { createApp } from "../src/http/app.ts";
import { realtimeFeature } from "../src/http/features/realtime.ts";
import { silentLogger } from "../src/log.ts";
import { createHub } from "../src/realtime/hub.ts";

const SOCKETS = Number(process.env.BENCH_WS_SOCKETS ?? 10_000);
const USERS = Number(process.env.BENCH_WS_USERS ?? 1_000);
const SECONDS = Number(process.env.BENCH_WS_SECONDS ?? 10);
const CLIENT_PROCS = 2;

const dir = mkdtempSync(join(tmpdir(), "tbg-bench-ws-"));
const cfg = loadConfig({ TBG_DATA_DIR: dir });
if (!cfg.ok) throw new Error(cfg.errors.join("\n"));
const config = cfg.config;
const storage = await openStorage(join(dir, "tbg.sqlite"));
const accounts = await createAccounts({ repos: storage.repos, log: silentLogger, config, passwordCost: { memoryCost: 4096, timeCost: 1 } });
const hub = createHub({ log: silentLogger });
hub.start();
const app = await createApp({ config, storage, log: silentLogger, pool: { status: () => ({ listening: true, port: 0, sessions: 0, workers: 0, node: { state: "ready", since: 0 }, blocksFound: 0 }) }, version: "bench", startedAt: Date.now(), now: Date.now }, [
  realtimeFeature(hub, accounts.guards, { perIp: 1e9, perUser: 1e9 }),
]);
app.listen({ hostname: "127.0.0.1", port: 0 });
const url = `ws://127.0.0.1:${app.server!.port}/api/ws`;

type Msg = { ev: string; [k: string]: unknown };
function spawnClients() {
  const inbox: Msg[] = [];
  const proc = Bun.spawn(["bun", join(import.meta.dir, "ws-clients.ts")], { ipc: (m: Msg) => void inbox.push(m), stdout: "inherit", stderr: "inherit" });
  const wait = async (ev: string, ms = 120_000) => {
    const end = Date.now() + ms;
    for (;;) {
      const i = inbox.findIndex((m) => m.ev === ev || m.ev === "error");
      if (i >= 0) {
        const m = inbox.splice(i, 1)[0]!;
        if (m.ev === "error") throw new Error(String(m.error));
        return m;
      }
      if (Date.now() > end) throw new Error(`timed out waiting for ${ev}`);
      await Bun.sleep(5);
    }
  };
  return { proc, send: (m: unknown) => proc.send(m), wait };
}

const mib = (b: number) => (b / 1048576).toFixed(1);
const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

// --- memory per idle socket and one global event to SOCKETS sockets ---
Bun.gc(true);
const before = process.memoryUsage();
const procs = Array.from({ length: CLIENT_PROCS }, spawnClients);
const t0 = performance.now();
procs.forEach((p, i) => p.send({ cmd: "open", url, count: SOCKETS / CLIENT_PROCS + (i === 0 ? SOCKETS % CLIENT_PROCS : 0), tokens: null, channels: ["blocks"] }));
for (const p of procs) await p.wait("ready");
console.log(`opened ${hub.stats().sockets} sockets in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
Bun.gc(true);
await Bun.sleep(500);
Bun.gc(true);
const after = process.memoryUsage();
console.log(`memory per idle socket (server process): RSS ${(((after.rss - before.rss) / SOCKETS) / 1024).toFixed(1)} KB, JS heap ${(((after.heapUsed - before.heapUsed) / SOCKETS) / 1024).toFixed(2)} KB (RSS ${mib(before.rss)} → ${mib(after.rss)} MiB)`);

const fanout: number[] = [];
for (let seq = 1; seq <= 5; seq++) {
  const t = Date.now();
  const tp = performance.now();
  const n = hub.publish({ channel: "blocks", type: "block_found", data: { seq, t, block_height: 880_000 + seq, finder: "bench", is_mine: false } });
  const sync = performance.now() - tp;
  const last = Math.max(...(await Promise.all(procs.map((p) => p.wait("got")))).map((m) => Number(m.last)));
  fanout.push(last - t);
  console.log(`global event ${seq}: sent to ${n} sockets (${sync.toFixed(1)} ms in publish), last received ${last - t} ms after publish`);
  await Bun.sleep(300);
}
console.log(`ONE GLOBAL EVENT TO ${SOCKETS} SOCKETS: worst ${Math.max(...fanout)} ms, best ${Math.min(...fanout)} ms (budget < 500 ms)`);
for (const p of procs) p.send({ cmd: "exit" });
await Promise.all(procs.map((p) => p.proc.exited));
await until0();

// --- USERS users, one personal event per user per second ---
const keys = JwtKeys.open(dir, { issuer: config.jwt.issuer, audience: config.jwt.audience, now: Date.now });
const tokens: string[] = [];
const ids: number[] = [];
for (let i = 0; i < USERS; i++) {
  const u = await storage.repos.users.insertUser({ btcAddress: `bcrt1qbench${i}`, authMethod: "wallet" }, Date.now());
  ids.push(u.id);
  tokens.push((await keys.sign({ sub: String(u.id), btc: u.btcAddress, role: "user", jti: crypto.randomUUID() })).token);
}
const users = Array.from({ length: CLIENT_PROCS }, spawnClients);
const half = Math.ceil(USERS / CLIENT_PROCS);
users.forEach((p, i) => p.send({ cmd: "open", url, count: Math.min(half, USERS - i * half), tokens: tokens.slice(i * half, (i + 1) * half), channels: ["notifications"] }));
for (const p of users) await p.wait("ready");
// Every 10 ms a tenth of a hundredth of the users: each user once a second, spread evenly.
const TICK = 10;
const perTick = Math.ceil(USERS / (1000 / TICK));
let next = 0;
const tEnd = Date.now() + SECONDS * 1000;
let sent = 0;
while (Date.now() < tEnd) {
  const t = Date.now();
  for (let k = 0; k < perTick; k++) {
    hub.publish({ channel: "notifications", type: "notification", data: { t, title: "bench" } }, { userId: ids[next]! });
    next = (next + 1) % USERS;
    sent++;
  }
  await Bun.sleep(TICK - (Date.now() - t));
}
await Bun.sleep(500);
for (const p of users) p.send({ cmd: "report" });
const lat = (await Promise.all(users.map((p) => p.wait("report")))).flatMap((m) => m.latencies as number[]).sort((a, b) => a - b);
console.log(`PERSONAL EVENTS: ${USERS} users × 1/s for ${SECONDS} s: sent ${sent}, received ${lat.length}; p50 ${pct(lat, 50)} ms, p99 ${pct(lat, 99)} ms, max ${lat[lat.length - 1]} ms (budget p99 < 100 ms)`);
for (const p of users) p.send({ cmd: "exit" });
await Promise.all(users.map((p) => p.proc.exited));
hub.stop();
app.stop(true);
accounts.stop();
await storage.close();
rmSync(dir, { recursive: true, force: true });
process.exit(0);

/** Waits for the hub to forget the closed sockets (they close asynchronously). */
async function until0() {
  const end = Date.now() + 30_000;
  while (hub.stats().sockets > 0 && Date.now() < end) await Bun.sleep(50);
}
