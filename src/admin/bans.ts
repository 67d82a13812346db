// Keeps the pool's list of banned payout addresses equal to the database's. A ban made on this
// instance is pushed at once (AuthCtx.onBanChanged); the periodic refresh carries bans made on
// another instance of the same PostgreSQL database, and any change made outside the app.
import type { Repos } from "../db/repos.ts";
import type { Logger } from "../log.ts";

/** How often the list is re-read from the database (bans from other instances arrive within it). */
export const BAN_REFRESH_MS = 15_000;

export interface StratumBans {
  /** Re-reads the list and hands it to the pool; resolves once the pool has it. */
  refresh(): Promise<void>;
  stop(): void;
}

export function createStratumBans(deps: { repos: Repos; pool: { setBanned(addresses: readonly string[]): void }; log: Logger; intervalMs?: number }): StratumBans {
  let last = "";
  let running: Promise<void> | null = null;
  const refresh = async () => {
    const list = (await deps.repos.users.bannedAddresses()).sort();
    const key = list.join(",");
    if (key === last) return;
    last = key;
    deps.pool.setBanned(list);
    deps.log.info("banned payout addresses updated", { count: list.length });
  };
  const once = () => (running ??= refresh().finally(() => (running = null)));
  const timer = setInterval(() => void once().catch((e: unknown) => deps.log.warn("reading banned addresses failed", { error: String(e) })), deps.intervalMs ?? BAN_REFRESH_MS);
  timer.unref?.();
  return {
    // A refresh already running may have read before the change: wait for it, then read again.
    refresh: async () => {
      await running?.catch(() => {});
      await once();
    },
    stop: () => clearInterval(timer),
  };
}
