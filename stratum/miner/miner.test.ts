import { afterEach, describe, expect, test } from "bun:test";
import type { Pool } from "../pool.ts";
import { REGTEST_ADDRESS, startTestPool } from "../e2e/harness.ts";
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
});
