// Tap batches under load: 2,000 batches a second (open loop: each batch is sent at its scheduled
// time whether or not earlier ones have finished, and latency is measured from that time, so a
// stall is not hidden) from 10,000 players, through the tokens service on real storage (each
// batch one transaction: state row lock, judgement, ledger entry). Then every token is
// accounted for: the sum of the rewards answered = the sum of the transactions = the sum of
// the balances. HTTP and JWT costs on top are measured by bench:auth.
//
// Usage: bun bench/tokens.ts [seconds=10] [rate=2000] [users=10000] [--engine sqlite|postgres]
// TBG_TAP_LANES=n overrides how many tap groups run at once (TokensDeps.tapLanes).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { silentLogger } from "../src/log.ts";
import { createTokens } from "../src/tokens/service.ts";
import { benchArgs, openBenchStorage, scalar } from "./storage.ts";

const { engine, rest } = benchArgs(process.argv.slice(2));
const SECONDS = Number(rest[0] ?? 10);
const RATE = Number(rest[1] ?? 2_000);
const USERS = Number(rest[2] ?? 10_000);

const dir = mkdtempSync(join(tmpdir(), "tbg-bench-tokens-"));
const storage = await openBenchStorage(engine, "tokens", dir);
try {
  const t0 = Date.now();
  const ids: number[] = [];
  for (let i = 0; i < USERS; i += 500) {
    await storage.repos.transaction(async (tx) => {
      for (let j = i; j < Math.min(USERS, i + 500); j++) ids.push((await tx.users.insertUser({ email: `tap${j}@bench.lan`, authMethod: "email" }, t0)).id);
    });
  }
  const tokens = createTokens({ repos: storage.repos, log: silentLogger, tapLanes: process.env.TBG_TAP_LANES ? Number(process.env.TBG_TAP_LANES) : undefined });
  const total = SECONDS * RATE;
  const latencies = new Float64Array(total);
  let paid = 0;
  let accepted = 0;
  let failed = 0;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const pending: Promise<void>[] = [];
  // Schedule in ticks of 1–5 ms; each batch remembers when it was due. Every tick sleeps (at
  // least 1 ms) so the event loop runs the batches between ticks: a loop that only sleeps when
  // the next batch is over a millisecond away never sleeps at 2,000/s (one is due every 0.5 ms),
  // queues the whole run unanswered, and measures its own length as latency.
  for (let n = 0; n < total; ) {
    const due = start + (n / RATE) * 1000;
    await Bun.sleep(Math.max(1, Math.min(due - performance.now(), 5)));
    const upTo = Math.min(total, Math.floor(((performance.now() - start) / 1000) * RATE) + 1);
    for (; n < upTo; n++) {
      const k = n;
      const dueAt = start + (k / RATE) * 1000;
      // Each player sends about once every 5 s here (10,000 players at 2,000/s): 8–12 taps a batch.
      const user = ids[k % ids.length]!;
      pending.push(
        tokens
          .tap(user, { count: 8 + (k % 5), clientTime: Date.now() })
          .then((r) => {
            paid += r.reward;
            accepted += r.accepted;
          })
          .catch(() => void failed++)
          .finally(() => {
            latencies[k] = performance.now() - dueAt;
          }),
      );
    }
  }
  await Promise.all(pending);
  const elapsed = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuPerBatch = (cpu.user + cpu.system) / 1000 / total;
  const sorted = Array.from(latencies).sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!.toFixed(2);
  const txSum = await scalar(storage, "SELECT COALESCE(SUM(amount), 0) FROM transactions");
  const balances = await scalar(storage, "SELECT COALESCE(SUM(balance), 0) FROM wallets");
  const taps = await scalar(storage, "SELECT COALESCE(SUM(taps_total), 0) FROM tap_state");
  console.log(`engine ${engine}: ${total} tap batches from ${USERS} players in ${elapsed.toFixed(1)} s (${Math.round(total / elapsed)}/s), ${failed} failed`);
  console.log(`CPU ${cpuPerBatch.toFixed(3)} ms a batch (this process; ${Math.round(1000 / cpuPerBatch)} batches/s on one free core); load average ${(await import("node:os")).loadavg()[0]!.toFixed(1)}`);
  console.log(`latency from scheduled time: p50 ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${q(1)} ms`);
  console.log(`accounted: rewards answered ${paid} = transactions ${txSum} = balances ${balances}: ${paid === txSum && txSum === balances ? "yes" : "NO"}; taps answered ${accepted} = stored ${taps}: ${accepted === taps ? "yes" : "NO"}`);
  await tokens.stop();
} finally {
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
