// Latency of the new JSON reads under load: the coop leaderboard (stats computed from the mining
// tables on every request), a coop, the education tracks and a lesson. A pool with 200 coops of 5
// miners each (1,000 miners, each with shares stored through the real ingest), requests through
// the app's handler, 500 requests per second for 10 s (open loop: a slow answer does not slow
// the sender), p50/p99 per route after a short warm-up. Budget (DESIGN.md, leaderboard JSON): p99 < 20 ms at 500 req/s.
import { fullApp, share } from "../test/full-app.ts";
import { createCoops } from "../src/social/coops.ts";
import { createGame } from "../src/game/service.ts";
import { silentLogger } from "../src/log.ts";
import { latencyRow, routeLatency } from "./route-latency.ts";

const COOPS = 200, PER_COOP = 5, RATE = 500, SECONDS = 10;
const f = await fullApp();
const game = createGame({ repos: f.storage.repos, log: silentLogger });
const coops = createCoops({ repos: f.storage.repos, game, log: silentLogger });
const t = Date.now();
let firstCoop = 0;
for (let c = 0; c < COOPS; c++) {
  let coopId = 0;
  for (let m = 0; m < PER_COOP; m++) {
    const address = `bc1qbench${String(c * PER_COOP + m).padStart(30, "0")}`;
    for (let s = 0; s < 3; s++) f.bus.publish("share_submitted", share("rig", t - 600_000 + s * 1000 + m, true, address));
    await f.flush();
    const u = (await f.storage.repos.users.findUserByAddress(address))!;
    if (m === 0) coopId = (await coops.create(u.id, { name: `Bench-Coop-${c}` })).coop.id;
    else await coops.join(u.id, coopId);
  }
  firstCoop ||= coopId;
}
await game.stop();

const routes = ["/api/v1/social/coops", `/api/v1/social/coops/${firstCoop}`, "/api/v1/education/tracks", "/api/v1/education/tracks/difficulty-shares-luck/lessons/luck-and-odds"];
console.log(`${COOPS} coops × ${PER_COOP} miners on ${f.storage.engine}; ${RATE} req/s for ${SECONDS} s per route\n`);
console.log("| route | one at a time (mean) | p50 | p99 | max |\n|---|---|---|---|---|");
let over = false;
for (const path of routes) {
  const r = await routeLatency(f.app, path, { rate: RATE, seconds: SECONDS, warm: 200, serial: 500 });
  over ||= r.p99 >= 20;
  console.log(latencyRow(path, r));
}
await f.close();
if (over) process.exit(1);
