// What every feature Composer of the bot is given: plain dependencies, no globals.
import type { Api } from "grammy";
import type { Clock } from "../core/time.ts";
import type { Repos } from "../db/repos.ts";
import type { Logger } from "../log.ts";
import type { Outbox } from "./outbox.ts";

export interface PoolNumbers {
  hashrate: number;
  miners: number;
  workers: number;
  blocksFound: number;
  height: number | null;
}

export interface BotCtx {
  repos: Repos;
  log: Logger;
  now: Clock;
  outbox: Outbox;
  api: Api;
  /** https base URL of the Mini App, when there is one (Telegram opens web apps over https only). */
  miniAppUrl: string | null;
  /** Reason an address cannot be used on this pool's network, or null when it can. */
  checkAddress(address: string): string | null;
  poolNumbers(): PoolNumbers;
  /** A payout address's current hashrate (H/s), null when unknown. */
  addressNumbers(address: string): { hashrate: number } | null;
}

export { formatHashrate } from "../mining/hashrate.ts";

export const shortAddr = (a: string) => (a.length > 16 ? `${a.slice(0, 8)}…${a.slice(-4)}` : a);
