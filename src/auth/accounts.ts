// The account system as one piece: createAccounts builds its state (JWT keys, limiters, challenge
// store, mailer), makes the first admin from TBG_ADMIN_* when there is none, and returns its context
// plus the guards other features use to know who is calling (src/http/features/accounts.ts
// builds the web side from them).
import { ensureFirstAdmin } from "../admin/admin.ts";
import type { Config } from "../config.ts";
import type { Repos } from "../db/repos.ts";
import type { Logger } from "../log.ts";
import { createMailer, type Mailer } from "../mail/mailer.ts";
import { ChallengeStore } from "./challenges.ts";
import { DenyList, type AuthCtx } from "./context.ts";
import { createGuards, type Guards } from "./guards.ts";
import { ACCESS_TOKEN_TTL_S, JwtKeys } from "./jwt.ts";
import { Passwords, type HashCost } from "./passwords.ts";
import { AuthBackoff, RateLimiter } from "./rate-limit.ts";

export interface AccountsDeps {
  /** Storage on either engine (openStorage(...).repos). */
  repos: Repos;
  log: Logger;
  config: Config;
  now?: () => number;
  /** argon2id cost; defaults to seed 003 §10 (64 MiB, 3 passes). */
  passwordCost?: HashCost;
  mailer?: Mailer;
  /** Whether this instance runs the scheduled jobs (the hourly sweep); always, unless given. */
  runsJobs?: () => boolean;
}

export interface Accounts {
  guards: Guards;
  ctx: AuthCtx;
  /** The signed-in caller's time-zone setting, for pages that write times; null when anonymous (or the credentials do not check out). */
  callerZone(request: Request): Promise<string | null>;
  stop(): void;
}

export async function createAccounts(deps: AccountsDeps): Promise<Accounts> {
  const now = deps.now ?? Date.now;
  const log = deps.log.child("accounts");
  const keys = JwtKeys.open(deps.config.dataDir, { issuer: deps.config.jwt.issuer, audience: deps.config.jwt.audience, now });
  const ttlMs = ACCESS_TOKEN_TTL_S * 1000;
  const denied = new DenyList(now, ttlMs);
  // Sessions revoked shortly before a restart still have live access tokens; keep denying them.
  denied.add(await deps.repos.auth.revokedJtisSince(now() - ttlMs));
  const ctx: AuthCtx = {
    repos: deps.repos,
    log,
    config: deps.config,
    now,
    keys,
    limiter: new RateLimiter(now),
    backoff: new AuthBackoff(now),
    challenges: new ChallengeStore(now),
    passwords: new Passwords(deps.passwordCost),
    mailer: deps.mailer ?? createMailer(deps.config, log.child("mail")),
    denied,
  };
  await ensureFirstAdmin(ctx);
  const guards = createGuards(ctx);
  if (deps.config.smtp && !deps.config.http.publicUrl && deps.config.http.allowedHosts.length === 0)
    log.warn("mail links point at the listen address; set TBG_PUBLIC_URL (or TBG_ALLOWED_HOSTS) so they reach users", { listen: `${deps.config.http.host}:${deps.config.http.port}` });
  log.info("accounts ready", { jwt_kid: keys.currentKid, smtp: deps.config.smtp ? deps.config.smtp.host : "off (links in the log)" });
  // Expired refresh rows are useless (a reuse check needs only live families); drop them hourly.
  const sweep = setInterval(() => {
    if (deps.runsJobs?.() === false) return;
    ctx.repos.auth.deleteExpiredRefresh(now()).catch((e: unknown) => log.warn("refresh token cleanup failed", { error: e as Error }));
  }, 3_600_000);
  sweep.unref?.();
  return {
    guards,
    ctx,
    async callerZone(request) {
      const p = await guards.optionalUser(request).catch(() => null);
      return p ? ((await deps.repos.users.findSettings(p.user.id))?.timezone ?? null) : null;
    },
    stop: () => {
      clearInterval(sweep);
      ctx.mailer.close();
    },
  };
}
