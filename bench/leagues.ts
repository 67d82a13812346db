// The leagues' costs on a pool of 1,000 miners (shares stored through the real ingest, spread
// over this week's hours): how long the job's run takes (placing newcomers and storing every
// club's standings from share_hours: it runs every 5 minutes on the leader, never on the share
// path), and the read latency of one league's table and of the whole season, through the app's
// handler at 200 req/s for 5 s (open loop). Budget (DESIGN.md, leaderboard JSON): p99 < 20 ms.
import { fullApp, share } from "../test/full-app.ts";
import { latencyRow, routeLatency } from "./route-latency.ts";

const MINERS = 1000, RATE = 200, SECONDS = 5;
const f = await fullApp();
const t = Date.now();
const weekStart = t - (((t - Date.UTC(2026, 0, 5)) % (7 * 86_400_000)) as number);
const hours = Math.max(1, Math.floor((t - weekStart) / 3_600_000));
for (let m = 0; m < MINERS; m++) {
  const address = `bc1qbenchleague${String(m).padStart(26, "0")}`;
  for (let s = 0; s < 6; s++) f.bus.publish("share_submitted", { ...share("rig", weekStart + ((m + s * 7) % hours) * 3_600_000 + s, true, address), targetDifficulty: 1000 + m, shareDifficulty: 1000 + m * s });
  if (m % 100 === 99) await f.flush();
}
await f.flush();
const rows = Number((await f.storage.repos.leagues.listClubs((await f.storage.repos.leagues.latestSeason())!)).length);
console.log(`${MINERS} miners × 6 shares over ${hours} hours on ${f.storage.engine}\n`);
const runs: number[] = [];
for (let i = 0; i < 5; i++) {
  const s0 = performance.now();
  await f.leagues.tick();
  runs.push(performance.now() - s0);
}
const clubs = (await f.storage.repos.leagues.listClubs((await f.storage.repos.leagues.latestSeason())!)).length;
console.log(`job run: first (placing ${clubs - rows} newcomers) ${runs[0]!.toFixed(0)} ms; then ${runs.slice(1).map((r) => r.toFixed(0)).join(", ")} ms\n`);
console.log("| route | one at a time (mean) | p50 | p99 | max |\n|---|---|---|---|---|");
let over = false;
for (const path of ["/api/v1/competitions/leagues/1", "/api/v1/competitions/leagues/30", "/api/v1/competitions/leagues", "/leagues"]) {
  const r = await routeLatency(f.app, path, { rate: RATE, seconds: SECONDS, warm: 100, serial: 200 });
  if (path.startsWith("/api/v1/")) over ||= r.p99 >= 20;
  console.log(latencyRow(path, r));
}
await f.close();
if (over) process.exit(1);
