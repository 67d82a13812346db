// Events other instances must see (a block found, a new network tip; later notifications and
// leaderboard updates) cross instances through PostgreSQL LISTEN/NOTIFY.
//
// Remote events never enter the local bus. The local bus is what this instance's pool produced:
// the mining writer stores every block_found it hears there, so an event from another instance
// (whose own writer already stored it) published there would be stored twice. Instead the relay
// has its own bus, `events`, carrying every relayed event of the whole pool, each marked with
// its origin: this instance's own ("local", forwarded from the local bus) and the others'
// ("remote"). Consumers that care about the pool as a whole (notifications, WebSocket fan-out,
// the leader's block checks) subscribe there; storage stays on the local bus.
//
// On SQLite (one process) nothing is sent or received; local events still reach `events`, so
// consumers need not know which engine runs.
import { openEventChannel } from "../db/cluster.ts";
import type { Storage } from "../db/storage.ts";
import { createEventBus, type EventBus, type EventSource } from "../events.ts";
import type { Logger } from "../log.ts";

export const CHANNEL = "tbg_events";
/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more. */
export const MAX_PAYLOAD_BYTES = 7999;

export interface Relayed<E> {
  origin: "local" | "remote";
  /** The instance the event happened on. */
  instance: string;
  event: E;
}

export type RelayedMap<M> = { [K in keyof M]: Relayed<M[K]> };

export interface RelayStats {
  sent: number;
  received: number;
  /** Our own notifications, heard back and ignored. */
  ownIgnored: number;
  /** Not sent: the payload would exceed MAX_PAYLOAD_BYTES. */
  tooLarge: number;
  sendErrors: number;
  /** Received payloads that were not ours to read (other versions, other writers). */
  malformed: number;
}

export interface Relay<M> {
  /** Every relayed event of the pool: this instance's ("local") and the others' ("remote"). */
  events: EventBus<RelayedMap<M>>;
  stats(): RelayStats;
  /** Sends what is queued, stops listening and forwarding. */
  stop(): Promise<void>;
}

export interface RelayOptions<M> {
  /** The events that cross instances. */
  names: readonly (keyof M & string)[];
  instanceId: string;
  log: Logger;
  channel?: string;
}

interface Wire {
  v: 1;
  /** Sending instance. */
  i: string;
  /** Event name. */
  n: string;
  /** Event. */
  e: unknown;
}

/** Listens before it returns: events other instances send from then on are received. */
export async function createRelay<M>(storage: Storage, bus: EventSource<M>, opts: RelayOptions<M>): Promise<Relay<M>> {
  const log = opts.log;
  const names = new Set<string>(opts.names);
  const events = createEventBus<RelayedMap<M>>({
    onError: (sub, err) => log.warn("relayed event subscriber failed", { sub, err: String(err) }),
  });
  const s: RelayStats = { sent: 0, received: 0, ownIgnored: 0, tooLarge: 0, sendErrors: 0, malformed: 0 };
  const channel = openEventChannel(storage, opts.channel ?? CHANNEL);
  let sending: Promise<void> = Promise.resolve();
  let lastSendError: string | null = null;
  let stopped = false;

  const send = (name: string, event: unknown) => {
    if (!channel) return;
    const payload = JSON.stringify({ v: 1, i: opts.instanceId, n: name, e: event } satisfies Wire);
    if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) {
      s.tooLarge++;
      log.warn("event too large to relay to other instances; not sent", { event: name, bytes: Buffer.byteLength(payload) });
      return;
    }
    // One after another, so other instances hear them in the order they happened.
    sending = sending.then(() =>
      channel.send(payload).then(
        () => {
          s.sent++;
          lastSendError = null;
        },
        (err: unknown) => {
          s.sendErrors++;
          const msg = (err as Error).message;
          if (msg !== lastSendError) log.warn("event not relayed to other instances", { event: name, error: msg });
          lastSendError = msg;
        },
      ),
    );
  };

  const receive = (payload: string) => {
    if (stopped) return;
    let w: Wire;
    try {
      w = JSON.parse(payload) as Wire;
    } catch {
      s.malformed++;
      return;
    }
    if (w === null || typeof w !== "object" || w.v !== 1 || typeof w.i !== "string" || typeof w.n !== "string" || !names.has(w.n)) {
      s.malformed++;
      return;
    }
    if (w.i === opts.instanceId) {
      s.ownIgnored++;
      return;
    }
    s.received++;
    events.publish(w.n as keyof M & string, { origin: "remote", instance: w.i, event: w.e } as never);
  };

  const unlisten = channel ? await channel.listen(receive) : null;
  const offs = opts.names.map((name) =>
    bus.on(
      name,
      (event) => {
        if (stopped) return;
        events.publish(name, { origin: "local", instance: opts.instanceId, event } as never);
        send(name, event);
      },
      { name: `relay:${name}`, keep: () => true },
    ),
  );

  return {
    events,
    stats: () => ({ ...s }),
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const off of offs) off();
      await sending;
      await unlisten?.().catch(() => {});
      await events.drain();
    },
  };
}
