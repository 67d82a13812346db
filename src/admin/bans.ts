// Keeps the pool's list of banned payout addresses equal to the database's. A ban made on this
// instance reaches its pool before the admin's page answers (AuthCtx.onBanChanged → changed());
// other instances of the same PostgreSQL database are told at once through the cluster relay
// (LISTEN/NOTIFY) and re-read the list. The periodic re-read is the safety net: a notification
// lost while an instance reconnected, or a change made outside the app, arrives within it.
import { createRelay, type Relay } from "../cluster/relay.ts";
import type { Repos } from "../db/repos.ts";
import type { Storage } from "../db/storage.ts";
import { createEventBus } from "../events.ts";
import type { Logger } from "../log.ts";

/** How often the list is re-read from the database. */
export const BAN_REFRESH_MS = 15_000;
/** The NOTIFY channel bans travel on (its own: nothing else to parse, nothing else delayed). */
export const BAN_CHANNEL = "tbg_bans";

type BanEvents = { "admin.bans_changed": { at: number } };

export interface StratumBans {
  /** Re-reads the list and hands it to the pool; resolves once the pool has it. */
  refresh(): Promise<void>;
  /** A ban or unban was committed here: this pool has it when this resolves; other instances are told. */
  changed(): Promise<void>;
  stop(): Promise<void>;
}

export interface StratumBansDeps {
  repos: Repos;
  pool: { setBanned(addresses: readonly string[]): void };
  log: Logger;
  /** The re-read period (tests shorten it); BAN_REFRESH_MS by default. */
  intervalMs?: number;
  /** With several instances on one PostgreSQL database: where to tell the others (nothing is sent on SQLite). */
  cluster?: { storage: Storage; instanceId: string; now: () => number };
}

export async function createStratumBans(deps: StratumBansDeps): Promise<StratumBans> {
  let last = "";
  let running: Promise<void> | null = null;
  const read = async () => {
    const list = (await deps.repos.users.bannedAddresses()).sort();
    const key = list.join(",");
    if (key === last) return;
    last = key;
    deps.pool.setBanned(list);
    deps.log.info("banned payout addresses updated", { count: list.length });
  };
  const once = () => (running ??= read().finally(() => (running = null)));
  // A read already running may have started before the change: wait for it, then read again.
  const refresh = async () => {
    await running?.catch(() => {});
    await once();
  };
  const refreshLogged = (why: string) => void refresh().catch((e: unknown) => deps.log.warn("reading banned addresses failed", { why, error: String(e) }));

  const timer = setInterval(() => refreshLogged("periodic"), deps.intervalMs ?? BAN_REFRESH_MS);
  timer.unref?.();

  const bus = createEventBus<BanEvents>({ onError: (sub, err) => deps.log.warn("ban notice failed", { sub, err: String(err) }) });
  let relay: Relay<BanEvents> | null = null;
  if (deps.cluster) {
    relay = await createRelay<BanEvents>(deps.cluster.storage, bus, { names: ["admin.bans_changed"], instanceId: deps.cluster.instanceId, log: deps.log, channel: BAN_CHANNEL });
    relay.events.on("admin.bans_changed", (r) => {
      if (r.origin === "remote") refreshLogged(`ban changed on instance ${r.instance}`);
    }, { name: "bans:remote" });
  }
  const now = deps.cluster?.now ?? Date.now;

  return {
    refresh,
    async changed() {
      try {
        await refresh();
      } finally {
        // The others read the database themselves: told even when this instance's read failed.
        bus.publish("admin.bans_changed", { at: now() });
      }
    },
    async stop() {
      clearInterval(timer);
      await relay?.stop();
    },
  };
}
