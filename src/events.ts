// The application's in-process event bus. The pool emits synchronously on its share path; the
// bus only copies a reference into each subscriber's bounded ring and returns, so a slow
// consumer never slows a share. Subscribers run later (setImmediate), in publish order, each
// from its own queue. A full queue drops the newest event and counts it: the counters are the
// proof (benchmarks and /health) that nothing was lost.
import type { PoolEventMap, PoolEventName, PoolEvents } from "../stratum/index.ts";
import { POOL_EVENT_NAMES } from "../stratum/index.ts";

export type { PoolEventMap, PoolEventName } from "../stratum/index.ts";

/** Queue length per subscriber unless given: ~13 s of 5,000 shares/s. */
export const DEFAULT_CAPACITY = 65_536;

export interface SubscriberStats {
  name: string;
  event: string;
  capacity: number;
  queued: number;
  delivered: number;
  dropped: number;
  errors: number;
}

export interface BusStats {
  published: number;
  delivered: number;
  dropped: number;
  errors: number;
  queued: number;
  subscribers: SubscriberStats[];
}

export interface SubscribeOptions {
  /** Shown in stats and error logs. */
  name?: string;
  capacity?: number;
}

/** Anything events can be read from: the pool's emitter or this bus. */
export interface EventSource<M> {
  on<K extends keyof M & string>(name: K, fn: (event: M[K]) => void): () => void;
}

export interface EventBus<M> extends EventSource<M> {
  /** Queues the event for every subscriber; returns how many queues dropped it. Never throws. */
  publish<K extends keyof M & string>(name: K, event: M[K]): number;
  subscribe<K extends keyof M & string>(name: K, fn: (event: M[K]) => void, opts?: SubscribeOptions): () => void;
  /** Delivers everything queued now; resolves when the queues are empty. */
  drain(): Promise<void>;
  stats(): BusStats;
}

class Ring<T> {
  private buf: (T | undefined)[];
  private head = 0;
  size = 0;
  constructor(readonly capacity: number) {
    this.buf = new Array(capacity);
  }
  push(v: T): boolean {
    if (this.size === this.capacity) return false;
    this.buf[(this.head + this.size) % this.capacity] = v;
    this.size++;
    return true;
  }
  shift(): T | undefined {
    if (this.size === 0) return undefined;
    const v = this.buf[this.head];
    this.buf[this.head] = undefined;
    this.head = (this.head + 1) % this.capacity;
    this.size--;
    return v;
  }
}

interface Sub {
  stats: SubscriberStats;
  ring: Ring<unknown>;
  fn: (event: unknown) => void;
  active: boolean;
}

export function createEventBus<M>(opts: { onError?: (subscriber: string, err: unknown) => void; defaultCapacity?: number } = {}): EventBus<M> {
  const subs = new Map<string, Sub[]>();
  let published = 0;
  let scheduled = false;
  let waiters: (() => void)[] = [];
  const all = () => [...subs.values()].flat();

  const run = () => {
    scheduled = false;
    // Each pass delivers what was queued when it started; events published by a subscriber
    // go to the next pass, so one handler cannot starve the loop.
    for (const s of all()) {
      let n = s.ring.size;
      while (n-- > 0 && s.active) {
        const ev = s.ring.shift();
        try {
          s.fn(ev);
        } catch (err) {
          s.stats.errors++;
          try {
            opts.onError?.(s.stats.name, err);
          } catch {
            // The reporter failed too; the counter above keeps the fact.
          }
        }
        s.stats.delivered++;
      }
    }
    if (all().some((s) => s.ring.size > 0)) schedule();
    else {
      const w = waiters;
      waiters = [];
      for (const resolve of w) resolve();
    }
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(run);
  };

  const subscribe = <K extends keyof M & string>(name: K, fn: (event: M[K]) => void, o: SubscribeOptions = {}) => {
    const capacity = o.capacity ?? opts.defaultCapacity ?? DEFAULT_CAPACITY;
    const sub: Sub = {
      stats: { name: o.name ?? name, event: name, capacity, queued: 0, delivered: 0, dropped: 0, errors: 0 },
      ring: new Ring(capacity),
      fn: fn as (e: unknown) => void,
      active: true,
    };
    subs.set(name, [...(subs.get(name) ?? []), sub]);
    return () => {
      sub.active = false;
      const next = (subs.get(name) ?? []).filter((s) => s !== sub);
      if (next.length) subs.set(name, next);
      else subs.delete(name);
    };
  };

  return {
    publish(name, event) {
      published++;
      const list = subs.get(name);
      if (list === undefined) return 0;
      let dropped = 0;
      for (const s of list) {
        if (!s.ring.push(event)) {
          s.stats.dropped++;
          dropped++;
        }
      }
      schedule();
      return dropped;
    },
    subscribe,
    on: (name, fn) => subscribe(name, fn),
    drain() {
      if (!scheduled && all().every((s) => s.ring.size === 0)) return Promise.resolve();
      return new Promise<void>((resolve) => {
        waiters.push(resolve);
        schedule();
      });
    },
    stats() {
      const subscribers = all().map((s) => ({ ...s.stats, queued: s.ring.size }));
      const sum = (k: "delivered" | "dropped" | "errors" | "queued") => subscribers.reduce((a, s) => a + s[k], 0);
      return { published, delivered: sum("delivered"), dropped: sum("dropped"), errors: sum("errors"), queued: sum("queued"), subscribers };
    },
  };
}

/** The bus of the pool's eight events. */
export type PoolBus = EventBus<PoolEventMap>;

/** Forwards every pool event into the bus; returns a function that stops forwarding. */
export function bridgePoolEvents(pool: PoolEvents, bus: PoolBus): () => void {
  const offs = POOL_EVENT_NAMES.map((name) => pool.on(name, (ev) => void bus.publish(name, ev as never)));
  return () => {
    for (const off of offs) off();
  };
}

export const POOL_EVENTS: readonly PoolEventName[] = POOL_EVENT_NAMES;
