import { expect, test } from "bun:test";
import { createLogger } from "../log.ts";
import { gatedRun, scheduleJob } from "./schedule.ts";

function captured() {
  const lines: string[] = [];
  return { lines, log: createLogger({ level: "info", write: (line: string) => void lines.push(line) }) };
}

test("a job that fails is logged with its name and never rejects", async () => {
  const { lines, log } = captured();
  await gatedRun("nightly", () => Promise.reject(new Error("disk full")), { log })();
  expect(lines.some((l) => l.includes("scheduled job failed") && l.includes("nightly") && l.includes("disk full"))).toBe(true);
});

test("with a leader gate the job runs only while the gate lets it", async () => {
  const { log } = captured();
  let leader = false;
  const ran: string[] = [];
  const leaderOnly = <A extends unknown[]>(_name: string, fn: (...args: A) => unknown) => async (...args: A) => {
    if (leader) await fn(...args);
  };
  const job = scheduleJob("draw", "0 0 1 1 *", () => void ran.push("ran"), { log, leaderOnly });
  await job.run();
  expect(ran).toEqual([]);
  leader = true;
  await job.run();
  expect(ran).toEqual(["ran"]);
  job.stop();
});
