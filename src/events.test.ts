import { describe, expect, test } from "bun:test";
import { createEmitter, type ShareSubmittedEvent } from "../stratum/events.ts";
import { bridgePoolEvents, createEventBus, type PoolBus } from "./events.ts";

type M = { tick: { n: number }; other: { s: string } };

describe("event bus", () => {
  test("publish returns before any subscriber runs; delivery keeps publish order", async () => {
    const bus = createEventBus<M>();
    const seen: number[] = [];
    bus.subscribe("tick", (e) => seen.push(e.n));
    for (let n = 0; n < 1000; n++) bus.publish("tick", { n });
    expect(seen).toEqual([]);
    await bus.drain();
    expect(seen).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(bus.stats()).toMatchObject({ published: 1000, delivered: 1000, dropped: 0, queued: 0 });
  });

  test("a full queue drops and counts, and other subscribers still get every event", async () => {
    const bus = createEventBus<M>();
    const small: number[] = [];
    const big: number[] = [];
    bus.subscribe("tick", (e) => small.push(e.n), { name: "small", capacity: 10 });
    bus.subscribe("tick", (e) => big.push(e.n), { name: "big", capacity: 100 });
    let dropped = 0;
    for (let n = 0; n < 25; n++) dropped += bus.publish("tick", { n });
    expect(dropped).toBe(15);
    await bus.drain();
    expect(small).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(big.length).toBe(25);
    const s = bus.stats();
    expect(s.dropped).toBe(15);
    expect(s.subscribers.find((x) => x.name === "small")).toMatchObject({ dropped: 15, delivered: 10 });
  });

  test("kept events pass a full queue in order; only the others are dropped, and the drop is reported once", async () => {
    const reports: { droppedSinceLastReport: number; subscriber: string }[] = [];
    const bus = createEventBus<M>({ onDrop: (r) => void reports.push(r) });
    const got: number[] = [];
    // Even numbers are "accepted shares": never lost; odd ones may be dropped.
    bus.subscribe("tick", (e) => got.push(e.n), { name: "mining", capacity: 8, keep: (e) => e.n % 2 === 0 });
    for (let n = 0; n < 100; n++) bus.publish("tick", { n });
    await bus.drain();
    const evens = Array.from({ length: 50 }, (_, i) => i * 2);
    expect(got.filter((n) => n % 2 === 0)).toEqual(evens);
    expect(got).toEqual([...got].sort((a, b) => a - b));
    const st = bus.stats().subscribers[0]!;
    expect(st.dropped).toBe(100 - got.length);
    expect(st.dropped).toBeGreaterThan(0);
    expect(st.keptPastCapacity).toBe(46);
    expect(reports).toEqual([expect.objectContaining({ subscriber: "mining", droppedSinceLastReport: 1 })]);
    // The grown queue still bounds the others: a second flood drops odd ones again.
    for (let n = 0; n < 100; n++) bus.publish("tick", { n });
    await bus.drain();
    expect(bus.stats().subscribers[0]!.dropped).toBeGreaterThan(st.dropped);
  });

  test("a throwing subscriber is counted and reported; the next event still arrives", async () => {
    const errors: string[] = [];
    const bus = createEventBus<M>({ onError: (name, err) => errors.push(`${name}:${(err as Error).message}`) });
    const ok: string[] = [];
    bus.subscribe("other", (e) => {
      if (e.s === "bad") throw new Error("boom");
      ok.push(e.s);
    }, { name: "picky" });
    bus.publish("other", { s: "bad" });
    bus.publish("other", { s: "good" });
    await bus.drain();
    expect(ok).toEqual(["good"]);
    expect(errors).toEqual(["picky:boom"]);
    expect(bus.stats().errors).toBe(1);
  });

  test("unsubscribe stops delivery, including of events already queued", async () => {
    const bus = createEventBus<M>();
    const seen: number[] = [];
    const off = bus.subscribe("tick", (e) => seen.push(e.n));
    bus.publish("tick", { n: 1 });
    off();
    bus.publish("tick", { n: 2 });
    await bus.drain();
    expect(seen).toEqual([]);
  });

  test("pool events arrive through the bridge, after the emitter returned", async () => {
    const pool = createEmitter();
    const bus: PoolBus = createEventBus();
    const got: ShareSubmittedEvent[] = [];
    bus.on("share_submitted", (e) => got.push(e));
    const stop = bridgePoolEvents(pool, bus);
    const ev: ShareSubmittedEvent = {
      source: "hosted", address: "bc1qexample", worker: "w", userAgent: "ua", ip: "1.2.3.4", sessionId: "s", jobId: "j",
      height: 1, accepted: true, targetDifficulty: 1, shareDifficulty: 2, rejectCode: null, rejectReason: null, isBlock: false, timestamp: 1,
    };
    expect(pool.has("share_submitted")).toBe(true);
    pool.emit("share_submitted", ev);
    expect(got).toEqual([]);
    await bus.drain();
    expect(got).toEqual([ev]);
    stop();
    expect(pool.has("share_submitted")).toBe(false);
  });
});
