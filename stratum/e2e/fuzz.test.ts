// 100,000 random and mutated stratum lines (fixed seed) from 8 connections against a real pool
// over TCP, beside an honest miner. The process must not crash or throw in a handler; an
// offending connection is closed alone; the honest miner gets every answer. Longer runs:
// `bun run bench:fuzz SEED LINES`.
import { expect, test } from "bun:test";
import { runFuzz } from "./fuzz.ts";

test(
  "fuzzed lines close only their own connection; an honest miner beside them keeps getting answers",
  async () => {
    const r = await runFuzz({ seed: 20261201, lines: 100_000 });
    expect(r.handlerErrors).toEqual([]);
    expect(r.linesSent).toBe(100_000);
    expect(r.connectionsClosedByPool).toBeGreaterThan(0); // the fuzz does hit the closing paths
    expect(r.honestClosed).toBe(false);
    expect(r.honestRequests).toBeGreaterThan(0);
    expect(r.honestAnswers).toBe(r.honestRequests);
    expect(r.freshSubscribeOk).toBe(true);
    expect(r.sessionsLeft).toBe(0);
    expect(r.repliesReceived).toBeGreaterThan(50_000); // most lines were read and answered, not lost to early closes
  },
  120_000,
);
