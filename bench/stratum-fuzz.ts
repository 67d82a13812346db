// bun run bench:fuzz [seed=random] [lines=1000000] [connections=8] — a long stratum fuzz run
// (stratum/e2e/fuzz.ts) against a real pool over TCP. Exits 1 when a handler threw, the honest
// miner missed an answer or was closed, or the pool stopped answering new connections.
// A failing run is replayed exactly with the seed it prints.
import { runFuzz } from "../stratum/e2e/fuzz.ts";

const seed = process.argv[2] !== undefined ? Number(process.argv[2]) : Math.floor(Math.random() * 2 ** 31);
const lines = Number(process.argv[3] ?? 1_000_000);
const connections = Number(process.argv[4] ?? 8);
if (!Number.isInteger(seed) || !Number.isInteger(lines) || lines <= 0 || !Number.isInteger(connections) || connections <= 0) {
  console.error("usage: bun run bench:fuzz [seed] [lines] [connections]");
  process.exit(2);
}
console.log(`stratum fuzz: seed ${seed}, ${lines} lines, ${connections} connections`);
const r = await runFuzz({ seed, lines, connections });
const ok = r.handlerErrors.length === 0 && !r.honestClosed && r.honestAnswers === r.honestRequests && r.freshSubscribeOk && r.sessionsLeft === 0;
console.log(
  [
    `${r.linesSent} lines in ${(r.ms / 1000).toFixed(1)} s (${Math.round(r.linesSent / (r.ms / 1000))}/s), ${r.repliesReceived} replies`,
    `${r.connectionsOpened} connections opened, ${r.connectionsClosedByPool} closed by the pool`,
    `honest miner: ${r.honestAnswers}/${r.honestRequests} answered, ${r.honestClosed ? "CLOSED" : "still connected"}`,
    `fresh connection after the run: ${r.freshSubscribeOk ? "subscribed" : "NO ANSWER"}`,
    `sessions left after every connection closed: ${r.sessionsLeft}`,
    `handler errors: ${r.handlerErrors.length}`,
    ...r.handlerErrors.slice(0, 10).map((e) => `  ${e}`),
    ok ? "OK" : `FAILED (replay: bun run bench:fuzz ${seed} ${lines} ${connections})`,
  ].join("\n"),
);
process.exit(ok ? 0 : 1);
