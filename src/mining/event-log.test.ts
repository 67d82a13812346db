import { describe, expect, test } from "bun:test";
import type { MinerConnectedEvent, ShareSubmittedEvent } from "../../stratum/index.ts";
import { decodeLog, EventLog, REJECT_ROWS_PER_WORKER_MINUTE } from "./event-log.ts";

const share = (over: Partial<ShareSubmittedEvent> = {}): ShareSubmittedEvent => ({
  source: "hosted", address: "bc1qeventlog", worker: "rig", userAgent: "bitaxe/BM1370/v2.9", ip: "10.0.0.2", sessionId: "s1", jobId: "7",
  height: 900_000, accepted: true, targetDifficulty: 1000, shareDifficulty: 1500.25, rejectCode: null, rejectReason: null, isBlock: false,
  timestamp: 1_767_780_000_000, ...over,
});

describe("event log", () => {
  test("every event comes back equal and in order, hostile strings included", () => {
    const log = new EventLog(100);
    const hostile = share({ worker: `"],[1,{"x":1}]\n<script>é😀\u0000`, userAgent: "\\\"", accepted: false, rejectCode: 23, rejectReason: "Low difficulty share", height: null, isBlock: true });
    const connected: MinerConnectedEvent = { source: "hosted", address: "bc1qeventlog", worker: "rig", userAgent: "cgminer/4.12", ip: "::1", sessionId: "s2", timestamp: 5 };
    log.append("share_submitted", share());
    log.append("miner_connected", connected);
    log.append("share_submitted", hostile);
    expect(log.shares).toBe(2);
    const taken = log.take()!;
    expect(taken.shares).toBe(2);
    expect(decodeLog(taken.text)).toEqual([
      { name: "share_submitted", event: share() },
      { name: "miner_connected", event: connected },
      { name: "share_submitted", event: hostile },
    ]);
    expect(log.take()).toBeNull();
  });

  test("past its share limit the log drops rejects first, then accepted shares past twice the limit, and keeps other events", () => {
    const log = new EventLog(2);
    for (let i = 0; i < 2; i++) log.append("share_submitted", share({ timestamp: i }));
    log.append("share_submitted", share({ timestamp: 2, accepted: false, rejectCode: 23 }));
    for (let i = 3; i < 6; i++) log.append("share_submitted", share({ timestamp: i }));
    log.append("diff_updated", { source: "hosted", address: "a", worker: "w", sessionId: "s", difficulty: 2, previous: 1, reason: "vardiff", timestamp: 9 });
    expect([log.dropped, log.droppedAccepted]).toEqual([2, 1]);
    const entries = decodeLog(log.take()!.text);
    expect(entries.map((e) => (e.name === "share_submitted" ? e.event.timestamp : e.name))).toEqual([0, 1, 3, 4, "diff_updated"]);
  });

  test("a worker's rejects past the per-minute row allowance are logged to be counted, not stored as rows", () => {
    const log = new EventLog(100_000);
    const minute = 60_000 * 1000;
    for (let i = 0; i < REJECT_ROWS_PER_WORKER_MINUTE + 5; i++) log.append("share_submitted", share({ timestamp: minute + i, accepted: false, rejectCode: 21 }));
    log.append("share_submitted", share({ timestamp: minute + 100, worker: "other", accepted: false, rejectCode: 21 }));
    log.append("share_submitted", share({ timestamp: minute + 200 }));
    log.append("share_submitted", share({ timestamp: minute + 60_000, accepted: false, rejectCode: 21 })); // next minute: a row again
    expect(log.rowlessRejects).toBe(5);
    const entries = decodeLog(log.take()!.text);
    expect(entries.length).toBe(REJECT_ROWS_PER_WORKER_MINUTE + 8);
    expect(entries.map((e) => e.noRow === true).filter(Boolean).length).toBe(5);
    expect(entries.slice(-3).map((e) => e.noRow)).toEqual([undefined, undefined, undefined]);
  });

  test("restored entries go back in front of what arrived since", () => {
    const log = new EventLog(100);
    log.append("share_submitted", share({ timestamp: 1 }));
    const first = log.take()!;
    log.append("share_submitted", share({ timestamp: 2 }));
    log.restore(first);
    expect(log.shares).toBe(2);
    expect(decodeLog(log.take()!.text).map((e) => e.event.timestamp)).toEqual([1, 2]);
  });
});
