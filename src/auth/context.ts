// What every account service works with: plain dependencies built once by createAccounts.
import type { Config } from "../config.ts";
import type { Repos } from "../db/repos.ts";
import type { Logger } from "../log.ts";
import type { Mailer } from "../mail/mailer.ts";
import type { ChallengeStore } from "./challenges.ts";
import type { JwtKeys } from "./jwt.ts";
import type { Passwords } from "./passwords.ts";
import type { AuthBackoff, RateLimiter } from "./rate-limit.ts";

/** Who is calling, as far as the transport knows; only for limits and the audit log. */
export interface Client {
  ip?: string;
  userAgent?: string;
}

/** Access-token ids of revoked sessions, until those tokens expire on their own. */
export class DenyList {
  private until = new Map<string, number>();
  /** Told of the ids revoked on this instance (src/auth/deny-relay.ts passes them to the others). */
  onAdd: ((jtis: string[]) => void) | null = null;
  /** Told of every id revoked, here or on another instance (open WebSockets close on it). */
  private readonly watchers: ((jtis: readonly string[]) => void)[] = [];
  constructor(private readonly now: () => number, private readonly ttlMs: number) {}
  add(jtis: Iterable<string>): void {
    const list = [...jtis];
    this.keep(list);
    if (list.length > 0) this.onAdd?.(list);
  }
  /** Ids another instance revoked: kept here, not passed on again. */
  addRemote(jtis: readonly string[]): void {
    this.keep(jtis);
  }
  /** Calls `fn` with the ids of every later revocation, local or remote. */
  watch(fn: (jtis: readonly string[]) => void): void {
    this.watchers.push(fn);
  }
  private keep(jtis: readonly string[]): void {
    const at = this.now();
    for (const j of jtis) this.until.set(j, at + this.ttlMs);
    if (this.until.size > 10_000) for (const [j, t] of this.until) if (t <= at) this.until.delete(j);
    if (jtis.length > 0) for (const w of this.watchers) w(jtis);
  }
  has(jti: string): boolean {
    const t = this.until.get(jti);
    if (t === undefined) return false;
    if (t > this.now()) return true;
    this.until.delete(jti);
    return false;
  }
}

export interface AuthCtx {
  /** Storage, engine-independent; inside a transaction use the `tx` it hands out (withRepos). */
  repos: Repos;
  log: Logger;
  config: Config;
  now: () => number;
  keys: JwtKeys;
  limiter: RateLimiter;
  backoff: AuthBackoff;
  challenges: ChallengeStore;
  passwords: Passwords;
  mailer: Mailer;
  denied: DenyList;
  /** Called after a ban or unban commits (src/server.ts: the pool's refused addresses follow). */
  onBanChanged?: () => Promise<void> | void;
}

/** The same context working on other repositories: those of an open transaction. */
export function withRepos<C extends { repos: Repos }>(ctx: C, repos: Repos): C {
  return { ...ctx, repos };
}
