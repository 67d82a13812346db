// The application's in-process event bus. The pool emits synchronously on its share path; the
// bus only copies a reference into each subscriber's bounded ring and returns, so a slow
// consumer never slows a share. Subscribers run later (setImmediate), in publish order, each
// from its own queue. A full queue drops the newest event and counts it: the counters are the
// proof (benchmarks and /health/ready) that nothing was lost, and a drop is logged (at most once
// per DROP_LOG_EVERY_MS). A subscriber can name events it must never lose (`keep`): those are
// queued past the capacity. Mining keeps accepted shares and every rare event that way, so only
// rejected shares can be dropped: an accepted share costs real hashing, so its rate is bounded
// by the miners' hashrate, while a rejected one costs an attacker one line.
import type { PoolEventMap, PoolEventName, PoolEvents } from "../stratum/index.ts";
import { POOL_EVENT_NAMES } from "../stratum/index.ts";

export type { PoolEventMap, PoolEventName } from "../stratum/index.ts";

/** Queue length per subscriber unless given: ~13 s of 5,000 shares/s. */
export const DEFAULT_CAPACITY = 65_536;
/** A run of drops is reported once, then at most this often (a flood must not flood the log). */
export const DROP_LOG_EVERY_MS = 10_000;

export interface SubscriberStats {
  name: string;
  event: string;
  capacity: number;
  queued: number;
  delivered: number;
  dropped: number;
  /** Kept events queued past the capacity (the queue grew instead of dropping them). */
  keptPastCapacity: number;
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

export interface SubscribeOptions<E = unknown> {
  /** Shown in stats and error logs. */
  name?: string;
  capacity?: number;
  /** Events this subscriber must never lose: queued even past the capacity. */
  keep?: (event: E) => boolean;
}

/** Anything events can be read from: the pool's emitter or this bus (only the bus reads `opts`). */
export interface EventSource<M> {
  on<K extends keyof M & string>(name: K, fn: (event: M[K]) => void, opts?: SubscribeOptions<M[K]>): () => void;
}

/** What the bus reports when a queue drops events (rate-limited, see DROP_LOG_EVERY_MS). */
export interface DropReport {
  subscriber: string;
  event: string;
  /** Events this bus dropped since the previous report (all subscribers). */
  droppedSinceLastReport: number;
  droppedTotal: number;
}

export interface EventBus<M> extends EventSource<M> {
  /** Queues the event for every subscriber; returns how many queues dropped it. Never throws. */
  publish<K extends keyof M & string>(name: K, event: M[K]): number;
  subscribe<K extends keyof M & string>(name: K, fn: (event: M[K]) => void, opts?: SubscribeOptions<M[K]>): () => void;
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
    if (this.size >= this.capacity) return false;
    this.put(v);
    return true;
  }
  /** Pushes even when full, doubling the buffer (for events that must not be lost). */
  force(v: T): void {
    if (this.size === this.buf.length) {
      const grown: (T | undefined)[] = new Array(this.buf.length * 2);
      for (let i = 0; i < this.size; i++) grown[i] = this.buf[(this.head + i) % this.buf.length];
      this.buf = grown;
      this.head = 0;
    }
    this.put(v);
  }
  private put(v: T): void {
    this.buf[(this.head + this.size) % this.buf.length] = v;
    this.size++;
  }
  shift(): T | undefined {
    if (this.size === 0) return undefined;
    const v = this.buf[this.head];
    this.buf[this.head] = undefined;
    this.head = (this.head + 1) % this.buf.length;
    this.size--;
    return v;
  }
}

interface Sub {
  stats: SubscriberStats;
  ring: Ring<unknown>;
  fn: (event: unknown) => void;
  keep: ((event: unknown) => boolean) | null;
  active: boolean;
}

export interface BusOptions {
  onError?: (subscriber: string, err: unknown) => void;
  /** Called when a queue drops an event: on the first drop, then at most every DROP_LOG_EVERY_MS. */
  onDrop?: (report: DropReport) => void;
  defaultCapacity?: number;
}

export function createEventBus<M>(opts: BusOptions = {}): EventBus<M> {
  const subs = new Map<string, Sub[]>();
  let published = 0;
  let droppedTotal = 0;
  let droppedReported = 0;
  let lastDropReport = -Infinity;
  const reportDrop = (s: Sub) => {
    const t = Date.now();
    if (t - lastDropReport < DROP_LOG_EVERY_MS) return;
    lastDropReport = t;
    const since = droppedTotal - droppedReported;
    droppedReported = droppedTotal;
    try {
      opts.onDrop?.({ subscriber: s.stats.name, event: s.stats.event, droppedSinceLastReport: since, droppedTotal });
    } catch {
      // The reporter failed; the counters keep the fact.
    }
  };
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

  const subscribe = <K extends keyof M & string>(name: K, fn: (event: M[K]) => void, o: SubscribeOptions<M[K]> = {}) => {
    const capacity = o.capacity ?? opts.defaultCapacity ?? DEFAULT_CAPACITY;
    const sub: Sub = {
      stats: { name: o.name ?? name, event: name, capacity, queued: 0, delivered: 0, dropped: 0, keptPastCapacity: 0, errors: 0 },
      ring: new Ring(capacity),
      fn: fn as (e: unknown) => void,
      keep: (o.keep as ((e: unknown) => boolean) | undefined) ?? null,
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
        if (s.ring.push(event)) continue;
        if (s.keep !== null && s.keep(event)) {
          s.ring.force(event);
          s.stats.keptPastCapacity++;
          continue;
        }
        s.stats.dropped++;
        dropped++;
        droppedTotal++;
        reportDrop(s);
      }
      schedule();
      return dropped;
    },
    subscribe,
    on: (name, fn, o) => subscribe(name, fn, o),
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
