// What the application asks of storage, engine-independent and async. Each engine implements
// these once (src/db/repos/sqlite.ts, src/db/repos/postgres.ts) over shared query code
// (src/db/repos/users.ts, auth.ts); callers never see tables or SQL.
import type { UserBadgeRow, UserGamificationRow, XpLedgerRow, ApiKeyRow, AuditRow, InstanceRow, EmailVerificationRow, LoginFailureRow, NewApiKey, NewAudit, NewRefresh, NewResetToken, NewUser, NewVerificationToken, PasswordResetRow, RefreshRow, TelegramProfileRow, UserRow, UserSettingsRow } from "./repos/rows.ts";

export type * from "./repos/rows.ts";
export type { BotRepo, NewOutbox } from "./repos/bot.ts";
import type { BotRepo } from "./repos/bot.ts";
export { isUniqueViolation } from "./db-errors.ts";

export type SettingsPatch = Partial<Omit<UserSettingsRow, "userId" | "updatedAt">>;

export interface PendingVerification {
  userId: number;
  email: string;
  displayName: string | null;
  createdAt: number;
  lastSentAt: number | null;
}

export interface SessionRow {
  familyId: string;
  method: string;
  startedAt: number;
  lastUsedAt: number;
  expiresAt: number;
  ipAddress: string | null;
  userAgent: string | null;
  accessJti: string | null;
}

/** User rows, their settings and Telegram profiles. */
export interface UsersRepo {
  findUserById(id: number): Promise<UserRow | undefined>;
  findUserByEmail(email: string): Promise<UserRow | undefined>;
  findUserByAddress(address: string): Promise<UserRow | undefined>;
  findUserByTelegramId(telegramId: number): Promise<UserRow | undefined>;
  findUserByDisplayNameKey(key: string): Promise<UserRow | undefined>;
  /** Throws a unique violation (see isUniqueViolation) when an address, email, Telegram id or name is taken. */
  insertUser(values: NewUser, at: number): Promise<UserRow>;
  updateUser(id: number, patch: Partial<NewUser>, at: number): Promise<UserRow | undefined>;
  countAdmins(): Promise<number>;
  /** By id ascending; `query` matches email, address or display name, case-insensitively. */
  listUsers(opts: { limit: number; afterId?: number; query?: string }): Promise<UserRow[]>;
  /** Settings row if the user ever had one (accounts get one; pool-created miners do not). */
  findSettings(userId: number): Promise<UserSettingsRow | undefined>;
  /** Settings row, created with the seed defaults the first time it is read. */
  getSettings(userId: number): Promise<UserSettingsRow>;
  updateSettings(userId: number, patch: SettingsPatch, at: number): Promise<UserSettingsRow>;
  getTelegramProfile(userId: number): Promise<TelegramProfileRow | undefined>;
  /** Refreshes the profile fields; `startParam` is only kept from the first arrival (referral). */
  upsertTelegramProfile(row: Omit<TelegramProfileRow, "updatedAt">, at: number): Promise<void>;
  /** Accounts with an email that is not verified yet, newest first. */
  listPendingVerifications(limit: number): Promise<PendingVerification[]>;
}

/** Rows behind sign-in. Token values never reach it: only hashes. */
export interface AuthRepo {
  insertRefresh(row: NewRefresh): Promise<void>;
  findRefreshByHash(tokenHash: string): Promise<RefreshRow | undefined>;
  /** Marks one row revoked if it still is active; true when this call revoked it (the rotation winner). */
  revokeRefresh(id: string, at: number, reason: string): Promise<boolean>;
  /** Revokes every active row of a family; returns the access-token ids that must be denied. */
  revokeFamily(familyId: string, at: number, reason: string, userId?: number): Promise<string[]>;
  /** Revokes every family of a user except `keepFamily`; returns the access-token ids to deny. */
  revokeAllForUser(userId: number, at: number, reason: string, keepFamily?: string): Promise<string[]>;
  /** Active families of a user: one "session" each, described by its newest row. */
  listSessions(userId: number, at: number): Promise<SessionRow[]>;
  /** When a family began: its sign-in time (its first row is kept while the family lives). */
  familyStartedAt(familyId: string): Promise<number | undefined>;
  familyOfAccessJti(jti: string): Promise<string | undefined>;
  /**
   * Access-token ids issued after `since` in families ended (not merely rotated) after `since`:
   * every row of such a family counts, as all its access tokens were denied with it. Rebuilds
   * the deny list at start-up.
   */
  revokedJtisSince(since: number): Promise<string[]>;
  /** Drops expired rows, except a live family's first row (it dates the family's sign-in). */
  deleteExpiredRefresh(before: number): Promise<number>;

  insertApiKey(row: NewApiKey): Promise<ApiKeyRow>;
  findApiKeyByHash(keyHash: string): Promise<ApiKeyRow | undefined>;
  listApiKeys(userId: number): Promise<ApiKeyRow[]>;
  /** Scoped by owner so one user can never revoke another's key; false when nothing matched. */
  revokeApiKey(userId: number, id: string, at: number): Promise<boolean>;
  touchApiKey(id: string, at: number): Promise<void>;

  insertVerificationToken(row: NewVerificationToken): Promise<void>;
  /** Consumes an unused, unexpired token in one statement: a link works exactly once. */
  consumeVerificationToken(tokenHash: string, at: number): Promise<EmailVerificationRow | undefined>;
  insertResetToken(row: NewResetToken): Promise<void>;
  consumeResetToken(tokenHash: string, at: number): Promise<PasswordResetRow | undefined>;
  /** A new reset link makes the older ones useless. */
  expireResetTokens(userId: number, at: number): Promise<void>;

  getLoginFailures(userId: number): Promise<LoginFailureRow | undefined>;
  /** Counts one failed sign-in, atomically; the count restarts after `windowMs` or an ended lockout. */
  recordLoginFailure(userId: number, at: number, maxFailures: number, lockMs: number, windowMs: number): Promise<{ failures: number; lockedUntil: number | null }>;
  clearLoginFailures(userId: number): Promise<void>;

  insertAudit(row: NewAudit): Promise<void>;
  listAudit(opts: { limit: number; userId?: number; action?: string; beforeId?: number }): Promise<AuditRow[]>;
}

/** What an instance reports about itself at each heartbeat (see src/cluster/registry.ts). */
export type InstanceHeartbeat = Omit<InstanceRow, "heartbeatAt">;

/** The `instances` table: one row per running `tbg` process on this database. */
export interface InstancesRepo {
  /** Creates or rewrites this instance's row, stamped `at`. */
  heartbeat(row: InstanceHeartbeat, at: number): Promise<void>;
  /** Rows whose heartbeat is at or after `since`, oldest start first. */
  listLive(since: number): Promise<InstanceRow[]>;
  /** Deletes rows whose heartbeat is before `before`; returns how many. */
  deleteStale(before: number): Promise<number>;
  /** Deletes one row (an instance stopping cleanly). */
  remove(id: string): Promise<void>;
  /**
   * Online across every instance, from the stored workers: rows marked online whose last share
   * (or connection) is at or after `activeSince`, so workers of an instance that died without
   * closing its sessions stop counting once they go quiet. Miners are distinct users.
   */
  onlineCounts(activeSince: number): Promise<{ miners: number; workers: number }>;
}

/** What the game's rules are evaluated from: the stored mining data of one user. */
export interface MiningFacts {
  /** Accepted shares ever (user_daily_stats). */
  totalShares: number;
  /** Best accepted share difficulty ever. */
  bestDiff: number;
  /** UTC days (`YYYY-MM-DD`, ascending) at or after the asked day with at least one accepted share. */
  activeDays: string[];
  /** Monday 00:00 UTC of every week with at least one accepted share, ascending (weekly_best_diff). */
  activeWeeks: number[];
  /** Blocks the user found that the node did not refuse, oldest first. */
  blocks: { hash: string; foundAt: number }[];
}

export type NewXp = Omit<XpLedgerRow, "id">;

/** The game's tables (xp_ledger, user_badges, user_gamification, game_progress) and its mining reads. */
export interface GameRepo {
  miningFacts(userId: number, sinceDay: string): Promise<MiningFacts>;
  /** Users with an accepted share on a day at or after `sinceDay`. */
  usersActiveSince(sinceDay: string): Promise<number[]>;
  getState(userId: number): Promise<UserGamificationRow | undefined>;
  putState(row: UserGamificationRow): Promise<void>;
  /** Appends a ledger row; false (and nothing written) when (user, source, ref) was granted before. */
  grantXp(row: NewXp): Promise<boolean>;
  xpTotal(userId: number): Promise<number>;
  /** Newest first. */
  listXp(opts: { userId: number; limit: number; beforeId?: number }): Promise<XpLedgerRow[]>;
  xpBySource(userId: number): Promise<{ source: string; total: number; grants: number }[]>;
  /** False when the user already has the badge. */
  insertBadge(row: UserBadgeRow): Promise<boolean>;
  deleteBadge(userId: number, slug: string): Promise<boolean>;
  listBadges(userId: number): Promise<UserBadgeRow[]>;
  /** How many players hold each badge. */
  badgeCounts(): Promise<Record<string, number>>;
  /** Users with a game state row. */
  players(): Promise<number>;
  getProgress(key: string): Promise<number | undefined>;
  setProgress(key: string, value: number): Promise<void>;
}

export interface Repos {
  readonly engine: "sqlite" | "postgres";
  readonly users: UsersRepo;
  readonly auth: AuthRepo;
  readonly instances: InstancesRepo;
  readonly game: GameRepo;
  readonly bot: BotRepo;
  /**
   * Runs `fn` in one transaction: everything it does through the repos it is given commits
   * together or not at all (a throw rolls back and rethrows). Nested calls are savepoints.
   * Use only the `tx` repos inside: work through the outer ones would not be part of it.
   */
  transaction<T>(fn: (tx: Repos) => Promise<T>): Promise<T>;
}
