// The pool's hashrate_update and the app's dashboards read this one estimator; a short history
// must not look like a slow miner in the long windows.
import { expect, test } from "bun:test";
import { DecayedRates, HASHES_PER_DIFF, WINDOWS } from "./hashrate.ts";
import { WorkerBook } from "./workers.ts";

test("a worker seen for 10 minutes at a steady rate shows that rate in every window, 1d and 7d included", () => {
  const book = new WorkerBook();
  const w = book.attach("bc1qtest", "rig", 0);
  // One difficulty-1 share a second: 2^32 hashes per second.
  for (let i = 1; i <= 600; i++) w.rate.add(1, i * 1000);
  const r = w.rate.at(600_000);
  for (const win of WINDOWS) expect(Math.abs(r[win] / HASHES_PER_DIFF - 1)).toBeLessThan(0.05);
});

test("nothing observed yet reads zero, not a division by zero", () => {
  const r = new DecayedRates(1000).at(1000);
  expect(Object.values(r)).toEqual([0, 0, 0, 0, 0]);
});
