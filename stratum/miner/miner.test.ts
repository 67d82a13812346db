import { afterEach, describe, expect, test } from "bun:test";
import type { Pool } from "../pool.ts";
import { REGTEST_ADDRESS, startTestPool } from "../e2e/harness.ts";
import { freePort } from "../../test/ports.ts";
import { until } from "../../test/until.ts";
import { mineCommand } from "./command.ts";
import { parseStratumUrl, runMiner } from "./miner.ts";

let pool: Pool | null = null;
afterEach(async () => {
  await pool?.stop();
  pool = null;
});

describe("CPU miner", () => {
  test("tbg mine mines accepted shares at a fractional difficulty and exits 0", async () => {
    const t = await startTestPool();
    pool = t.pool;
    const out: string[] = [];
    const code = await mineCommand(
      ["--url", `stratum+tcp://127.0.0.1:${t.port}`, "--user", `${REGTEST_ADDRESS}.cli`, "--password", "d=0.0001", "--shares", "3", "--threads", "2"],
      { out: (l) => out.push(l), err: (l) => out.push(`ERR ${l}`) },
    );
    expect(code).toBe(0);
    expect(out.filter((l) => l.startsWith("share accepted")).length).toBeGreaterThanOrEqual(3);
    expect(out.at(-1)).toStartWith("stopped (max shares): 3 accepted, 0 rejected");
  });

  test("a refused authorize ends the run with the pool's reason", async () => {
    const t = await startTestPool();
    pool = t.pool;
    const res = await runMiner({ url: `stratum+tcp://127.0.0.1:${t.port}`, user: "not-an-address" });
    expect(res.reason).toStartWith("authorize refused: [24,");
    expect(res.accepted).toBe(0);
  });

  test("bad flags and urls are refused", async () => {
    const err: string[] = [];
    const io = { out() {}, err: (l: string) => err.push(l) };
    expect(await mineCommand(["--user", "x"], io)).toBe(2);
    expect(await mineCommand(["--url", "stratum+tcp://h:1", "--user", "x", "--threads", "0"], io)).toBe(2);
    expect(await mineCommand(["--bogus", "1"], io)).toBe(2);
    expect(err).toHaveLength(3);
    expect(parseStratumUrl("stratum+tcp://pool.example:3333")).toEqual({ host: "pool.example", port: 3333 });
    expect(parseStratumUrl("http://pool.example:3333")).toBeNull();
    expect((await runMiner({ url: "tcp://x", user: "u" })).reason).toStartWith("invalid url");
  });

  test("tbg mine reconnects when the pool restarts and gets accepted shares again", async () => {
    const first = await startTestPool();
    pool = first.pool;
    const out: string[] = [];
    const ctrl = new AbortController();
    const args = ["--url", `stratum+tcp://127.0.0.1:${first.port}`, "--user", `${REGTEST_ADDRESS}.again`, "--password", "d=0.0001"];
    const running = mineCommand(args, { out: (l) => out.push(l), err: (l) => out.push(`ERR ${l}`) }, ctrl.signal);
    const accepted = () => out.filter((l) => l.startsWith("share accepted")).length;
    await until("shares before the restart", 20_000, () => (accepted() >= 2 ? true : null));
    await first.pool.stop();
    await until("a reconnect line", 10_000, () => out.find((l) => l.includes("reconnecting in")) ?? null);
    const before = accepted();
    const second = await startTestPool({ port: first.port });
    pool = second.pool;
    await until("shares after the restart", 20_000, () => (accepted() >= before + 2 ? true : null));
    ctrl.abort();
    expect(await running).toBe(0);
    expect(out).toContain("connection closed by pool; reconnecting in 1 s (attempt 1)");
    expect(out.filter((l) => l === `authorized as ${REGTEST_ADDRESS}.again`)).toHaveLength(2);
    expect(out.at(-1)).toMatch(/^stopped \(aborted\): \d+ accepted, 0 rejected/);
  }, 60_000);

  test("with no pool it retries 1 s, 2 s, … with a line per attempt; --once stops at the first failure", async () => {
    const url = `stratum+tcp://127.0.0.1:${freePort()}`;
    const out: string[] = [];
    const ctrl = new AbortController();
    const running = mineCommand(["--url", url, "--user", REGTEST_ADDRESS], { out: (l) => out.push(l), err: (l) => out.push(`ERR ${l}`) }, ctrl.signal);
    await until("a second attempt", 10_000, () => out.find((l) => l.includes("(attempt 2)")) ?? null);
    ctrl.abort();
    expect(await running).toBe(0);
    const retries = out.filter((l) => l.includes("reconnecting in"));
    expect(retries[0]).toMatch(new RegExp(`^cannot connect to ${url.replace(/[+.]/g, "\\$&")}: .*; reconnecting in 1 s \\(attempt 1\\)$`));
    expect(retries[1]).toEndWith("; reconnecting in 2 s (attempt 2)");

    const onceOut: string[] = [];
    const code = await mineCommand(["--url", url, "--user", REGTEST_ADDRESS, "--once"], { out: (l) => onceOut.push(l), err: (l) => onceOut.push(l) });
    expect(code).toBe(1);
    expect(onceOut.some((l) => l.includes("reconnecting"))).toBe(false);
    expect(onceOut.at(-1)).toStartWith(`stopped (cannot connect to ${url}`);
  }, 30_000);
});
