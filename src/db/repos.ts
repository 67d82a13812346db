// What the application asks of storage, engine-independent and async. Each engine implements
// these once (src/db/repos/sqlite.ts, src/db/repos/postgres.ts) over shared query code
// (src/db/repos/users.ts, auth.ts); callers never see tables or SQL.
import type { BadgeStatRow, FeedRow, NotificationRow, UserBadgeRow, UserGamificationRow, XpLedgerRow, ApiKeyRow, AuditRow, InstanceRow, EmailVerificationRow, LoginFailureRow, NewApiKey, NewAudit, NewRefresh, NewResetToken, NewUser, NewVerificationToken, PasswordResetRow, RefreshRow, TelegramProfileRow, UserRow, UserSettingsRow, CompetitionMatchRow, CompetitionRegistrationRow, CompetitionRow, CompetitionTeamRow, CompetitionTransitionRow, NewCompetition, CoopMemberRow, CoopRow, NewCoop, LessonCompletionRow, TrackCompletionRow, ReferralRow, StakeRow, TokenActivityRow, UserQuestRow, UserAchievementRow, AirdropRow, AirdropClaimRow, CharacterUpgradeRow, DailyRewardRow, TapStateRow, TokenTxRow, UserCharacterRow, WalletRow, CountryRankingRow, GameSessionRow, LeaderboardSnapshotRow, LotteryDrawRow, LotteryResultRow, NewLotteryDraw } from "./repos/rows.ts";

export type * from "./repos/rows.ts";
export type { BotRepo, NewOutbox } from "./repos/bot.ts";
import type { BotRepo } from "./repos/bot.ts";
export type { LeaguesRepo, LeagueClubView, UserWork } from "./repos/leagues.ts";
import type { LeaguesRepo } from "./repos/leagues.ts";
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
  /** Payout addresses of banned users: the pool refuses them. */
  bannedAddresses(): Promise<string[]>;
  /** By id ascending; `query` matches email, address or display name, case-insensitively, or a Telegram id exactly. */
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
  /**
   * Newest first. `userId`: rows of that actor. `involving`: rows by that user or about them —
   * an admin action whose metadata names them as `target` / `target_user_id` (ban, role,
   * email confirmed, sessions ended, badge granted…).
   */
  listAudit(opts: { limit: number; userId?: number; involving?: number; action?: string; beforeId?: number }): Promise<AuditRow[]>;
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
  /** miningFacts of many users in four queries (active days at or after `sinceDay`). */
  miningFactsFor(userIds: number[], sinceDay: string): Promise<Map<number, MiningFacts>>;
  /** Users with an accepted share on a day at or after `sinceDay`. */
  usersActiveSince(sinceDay: string): Promise<number[]>;
  getState(userId: number): Promise<UserGamificationRow | undefined>;
  putState(row: UserGamificationRow): Promise<void>;
  /** Appends a ledger row; false (and nothing written) when (user, source, ref) was granted before. */
  grantXp(row: NewXp): Promise<boolean>;
  xpTotal(userId: number): Promise<number>;
  /**
   * Many ledger rows, badges and states in a few multi-row statements (a chunk of game steps; see
   * game/chunk.ts). The first two return the keys actually written: those granted before are left out.
   */
  grantXpMany(rows: NewXp[]): Promise<{ userId: number; source: string; ref: string }[]>;
  insertBadges(rows: UserBadgeRow[]): Promise<{ userId: number; slug: string }[]>;
  putStates(rows: UserGamificationRow[]): Promise<void>;
  /** Ledger totals of these users (0 for those without rows). */
  xpTotals(userIds: number[]): Promise<Map<number, number>>;
  /** Badge slugs held by each of these users. */
  badgesFor(userIds: number[]): Promise<Map<number, Set<string>>>;
  /** What feed/publicName needs of these users, in one read. */
  publicProfiles(userIds: number[]): Promise<{ id: number; displayName: string | null; btcAddress: string | null; showProfile: boolean }[]>;
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

  // Notifications, the activity feed and badge statistics (repos/game-social.ts).
  /** The stored row, or null when (user, ref) was notified before (nothing written). */
  insertNotification(row: Omit<NotificationRow, "id">): Promise<NotificationRow | null>;
  /** Newest first. */
  listNotifications(opts: { userId: number; limit: number; beforeId?: number; unreadOnly?: boolean }): Promise<NotificationRow[]>;
  /** Many at once (a chunk of game steps): the rows written, in order; those notified before are left out. */
  insertNotifications(rows: Omit<NotificationRow, "id">[]): Promise<NotificationRow[]>;
  /** Many at once: the rows written, in order; refs already in the feed are left out. */
  insertFeeds(rows: Omit<FeedRow, "id">[]): Promise<FeedRow[]>;
  /** Settings rows of these users (those that have one). */
  settingsFor(userIds: number[]): Promise<UserSettingsRow[]>;
  unreadCount(userId: number): Promise<number>;
  /** False when the user has no such notification (or it was read already). */
  markRead(userId: number, id: number, at: number): Promise<boolean>;
  markAllRead(userId: number, at: number): Promise<number>;
  /** The stored row, or null when the ref is in the feed already. */
  insertFeed(row: Omit<FeedRow, "id">): Promise<FeedRow | null>;
  /** Newest first: the global entries, or one user's. */
  listFeed(opts: { scope: "global" } | { scope: "user"; userId: number }, limit: number, beforeId?: number): Promise<FeedRow[]>;
  /** Recounts holders per badge over the players and rewrites badge_stats. */
  refreshBadgeStats(slugs: readonly string[], at: number): Promise<BadgeStatRow[]>;
  badgeStats(): Promise<BadgeStatRow[]>;
  /** Players whose last counted week is `week` (their streak ends unless this week counts). */
  usersLastActiveIn(week: number): Promise<{ userId: number; currentStreak: number }[]>;
  /** Game states of these users (those that have one). */
  statesFor(userIds: number[]): Promise<UserGamificationRow[]>;
  /** User ids of these payout addresses (those that have a user). */
  userIdsByAddress(addresses: string[]): Promise<Map<string, number>>;
  /** Rewrites these users' share totals and best difficulty from user_daily_stats in one statement (the fast path of a batch). */
  refreshShareTotals(userIds: number[], at: number): Promise<void>;
  /** Every player (a game state row), ascending. */
  playerIds(): Promise<number[]>;
  /** Weeks at or after `fromWeek` with their shares and best difficulty (weekly_best_diff). */
  weeks(userId: number, fromWeek: number): Promise<{ weekStart: number; shares: number; bestDiff: number }[]>;
  /** The user's personal_bests rows and when the pool last found a block (null: never). */
  personalBests(userId: number): Promise<{ rows: { period: string; periodStart: number; bestDifficulty: number; achievedAt: number; workerName: string | null }[]; poolLastBlockAt: number | null }>;
}

/** Lesson progress (src/learn owns the lessons; rows name them by slug). */
export interface LearnRepo {
  /** False (and nothing written) when the user had completed this lesson before. */
  insertLessonCompletion(row: LessonCompletionRow): Promise<boolean>;
  /** False when the track was completed before. */
  insertTrackCompletion(row: TrackCompletionRow): Promise<boolean>;
  /** Every lesson the user completed, oldest first. */
  listLessonCompletions(userId: number): Promise<LessonCompletionRow[]>;
  listTrackCompletions(userId: number): Promise<TrackCompletionRow[]>;
  /** Newest first, for the history page. */
  recentLessonCompletions(opts: { userId: number; limit: number; before?: number }): Promise<LessonCompletionRow[]>;
  /** How many distinct users completed each track. */
  trackCompletionCounts(): Promise<Record<string, number>>;
}

export interface CoopMemberView extends CoopMemberRow {
  displayName: string | null;
  /** For the name other members see (src/game/feed.ts publicNameOf): address and privacy setting. */
  btcAddress: string | null;
  showProfile: boolean;
}

/** Per coop, from the mining tables, for its current members. */
export interface CoopStatsRow {
  cooperativeId: number;
  members: number;
  /** Accepted shares ever (user_daily_stats). */
  acceptedShares: number;
  /** Sum of accepted share difficulties since the asked minute (share_minutes). */
  recentSumDiff: number;
  /** Blocks found that the node did not refuse. */
  blocks: number;
}

/** Cooperatives and their members (src/social owns the rules). */
export interface SocialRepo {
  /** Throws a unique violation (isUniqueViolation) when the name key or invite code is taken. */
  insertCoop(row: NewCoop): Promise<CoopRow>;
  findCoop(id: number): Promise<CoopRow | undefined>;
  findCoopByInvite(code: string): Promise<CoopRow | undefined>;
  updateCoop(id: number, patch: Partial<NewCoop>): Promise<CoopRow | undefined>;
  deleteCoop(id: number): Promise<boolean>;
  listCoops(): Promise<CoopRow[]>;
  /** False (nothing written) when the user is already in a coop. */
  insertMember(row: CoopMemberRow): Promise<boolean>;
  findMembership(userId: number): Promise<CoopMemberRow | undefined>;
  /** Founder first, then admins, then members, each by join time. */
  listMembers(cooperativeId: number): Promise<CoopMemberView[]>;
  setRole(cooperativeId: number, userId: number, role: string): Promise<boolean>;
  removeMember(cooperativeId: number, userId: number): Promise<boolean>;
  /** Every coop with at least one member; recent work since unix minute `sinceMinute`. */
  coopStats(sinceMinute: number): Promise<CoopStatsRow[]>;
}

/** The World Cup's tables and the mining reads its scores come from. */
export interface CompeteRepo {
  insertCompetition(row: NewCompetition): Promise<CompetitionRow>;
  findCompetition(id: number): Promise<CompetitionRow | undefined>;
  /** Newest first. */
  listCompetitions(limit: number): Promise<CompetitionRow[]>;
  /** Competitions not completed, for the schedule. */
  listOpen(): Promise<CompetitionRow[]>;
  /** Moves status from `from` to `to` only if it still is `from`; true when this call moved it. */
  moveStatus(id: number, from: string, to: string, patch?: { champion?: string | null }): Promise<boolean>;
  insertTransition(row: Omit<CompetitionTransitionRow, "id">): Promise<void>;
  listTransitions(competitionId: number): Promise<CompetitionTransitionRow[]>;
  /** False when the user registered before. */
  insertRegistration(row: CompetitionRegistrationRow): Promise<boolean>;
  findRegistration(competitionId: number, userId: number): Promise<CompetitionRegistrationRow | undefined>;
  listRegistrations(competitionId: number): Promise<CompetitionRegistrationRow[]>;
  insertTeams(rows: CompetitionTeamRow[]): Promise<void>;
  /** By seed. */
  listTeams(competitionId: number): Promise<CompetitionTeamRow[]>;
  upsertMatches(rows: CompetitionMatchRow[]): Promise<void>;
  listMatches(competitionId: number): Promise<CompetitionMatchRow[]>;
  /** Sum of accepted share difficulty per registered country and unix hour in [fromHour, toHour) (share_hours). */
  countryHourDiff(competitionId: number, fromHour: number, toHour: number): Promise<{ countryCode: string; hour: number; sumDiff: number }[]>;
}

export type NewTokenTx = Omit<TokenTxRow, "id" | "balanceAfter" | "status">;

/** Additive activity counters (schema/token-quests.ts). */
export type ActivityCounter = "taps" | "mined" | "shares" | "referrals" | "upgrades" | "purchases" | "dailies" | "earned";
/** Activity values that keep the highest seen. */
export type ActivityMax = "power" | "streak";
export type ActivityColumn = ActivityCounter | ActivityMax;

/** Quests, achievements and token leaderboards (schema/token-quests.ts). */
export interface TokenQuestsRepo {
  /** Adds `add` to (and raises `max` in) the player's rows of each period, creating them. */
  bumpActivity(userId: number, periods: string[], add: Partial<Record<ActivityCounter, number>>, max: Partial<Record<ActivityMax, number>>, at: number): Promise<TokenActivityRow[]>;
  getActivity(userId: number, periods: string[]): Promise<TokenActivityRow[]>;
  /** The best players of a period by one column (ties: earlier user first), with display names. */
  topActivity(period: string, column: ActivityColumn, limit: number): Promise<{ userId: number; value: number; displayName: string | null }[]>;
  /** How many players of the period are strictly ahead of `value`. */
  countAhead(period: string, column: ActivityColumn, value: number): Promise<number>;
  listUserQuests(userId: number, periods: string[]): Promise<UserQuestRow[]>;
  /** Undefined when the row (user, quest, period) exists already. */
  insertUserQuest(row: Omit<UserQuestRow, "id">): Promise<UserQuestRow | undefined>;
  /** IN_PROGRESS → CLAIMED; false when it was not in progress (claimed by a racing request). */
  markQuestClaimed(id: number, reward: number, at: number): Promise<boolean>;
  listUserAchievements(userId: number): Promise<UserAchievementRow[]>;
  /** False when this tier was claimed before. */
  insertUserAchievement(row: Omit<UserAchievementRow, "id">): Promise<boolean>;
  insertAirdrop(row: Omit<AirdropRow, "id" | "claimed" | "status" | "distributedAt">): Promise<AirdropRow>;
  getAirdrop(id: number): Promise<AirdropRow | undefined>;
  /** Newest first. */
  listAirdrops(limit: number): Promise<AirdropRow[]>;
  /** Counts one more claim if there is room (locks the airdrop row until the transaction ends); false when full. */
  takeAirdropSeat(id: number): Promise<boolean>;
  /** False when this player claimed before. */
  insertAirdropClaim(row: AirdropClaimRow): Promise<boolean>;
  listAirdropClaims(airdropId: number): Promise<AirdropClaimRow[]>;
  airdropClaimsOf(userId: number): Promise<AirdropClaimRow[]>;
  setAirdropClaim(airdropId: number, userId: number, status: string, amount: number, at: number): Promise<void>;
  /** OPEN → DISTRIBUTED; false when it was distributed already (a racing distribution). */
  markAirdropDistributed(id: number, at: number): Promise<boolean>;
  countTransactions(userId: number): Promise<number>;
  /** IP address and user agent of the user's first session (null fields when not recorded). */
  firstSession(userId: number): Promise<{ ip: string | null; userAgent: string | null } | undefined>;
  /** The referrer's referees whose fingerprint is `fingerprint`. */
  countReferralsByFingerprint(referrerId: number, fingerprint: string): Promise<number>;
  /** Per UTC day at or after `sinceDay` (or exactly `day`): accepted difficulty stored by the pool and already credited as tokens. */
  powOwed(userId: number, days: { sinceDay: string } | { day: string }): Promise<{ day: string; stored: number; credited: number }[]>;
  addPowCredit(userId: number, day: string, diff: number): Promise<void>;
}

/** The token economy's tables (schema/tokens.ts). */
/**
 * A group of tap batches written as a set (src/tokens/tap-group.ts): one statement per table for
 * the whole group, rows passed as one JSON parameter (game-rows.ts). Call inside a transaction.
 */
export interface TokenTapsRepo {
  /** The players' tap states, created from `fresh` where missing; locked (PostgreSQL, by user id) until the transaction ends. */
  lockTapStates(fresh: TapStateRow[]): Promise<TapStateRow[]>;
  /** The equipped character of each of these players who has one. */
  equippedCharacters(userIds: number[]): Promise<UserCharacterRow[]>;
  /** Current balances of these players' wallets (absent: no wallet yet), locked until the transaction ends. */
  lockWallets(userIds: number[]): Promise<Map<number, number>>;
  /** Ledger rows; a (user, idem_key) used before is skipped. Returns the rows written. */
  insertEntries(rows: (NewTokenTx & { balanceAfter: number })[]): Promise<{ userId: number; idemKey: string; id: number }[]>;
  /** Credits (amount > 0, one row per user), creating wallets; returns the balances after. */
  creditWallets(rows: { userId: number; amount: number; at: number }[]): Promise<Map<number, number>>;
  putTapStates(rows: TapStateRow[]): Promise<void>;
  /** bumpActivity for many (player, period) rows at once (additive counters only); returns the rows after. */
  bumpActivityMany(rows: { userId: number; period: string; add: Partial<Record<ActivityCounter, number>>; at: number }[]): Promise<TokenActivityRow[]>;
}

export interface TokensRepo extends TokenQuestsRepo, TokenTapsRepo {
  /**
   * One ledger entry: creates the wallet if needed, changes the balance only if it stays >= 0
   * (throws INSUFFICIENT_BALANCE otherwise) and appends the transaction row; a user's `idemKey`
   * used before throws a unique violation (see isUniqueViolation). Call inside a savepoint so
   * that violation undoes the balance change (src/tokens/ledger.ts does).
   */
  applyEntry(e: NewTokenTx): Promise<{ applied: boolean; id: number; balance: number }>;
  /** Adds `amount` (negative to release) to the staked column; throws when it would go below 0. */
  moveStake(userId: number, amount: number, at: number): Promise<number>;
  getWallet(userId: number): Promise<WalletRow | undefined>;
  /** Newest first. */
  listTransactions(opts: { userId: number; limit: number; beforeId?: number; type?: string }): Promise<TokenTxRow[]>;
  transactionSum(userId: number): Promise<number>;
  /** The player's tap state, created from `init` the first time; locked until the transaction ends. */
  lockTapState(init: TapStateRow): Promise<TapStateRow>;
  getTapState(userId: number): Promise<TapStateRow | undefined>;
  putTapState(row: TapStateRow): Promise<void>;
  /** The daily-reward row (created empty the first time), locked until the transaction ends. */
  lockDaily(userId: number, at: number): Promise<DailyRewardRow>;
  getDaily(userId: number): Promise<DailyRewardRow | undefined>;
  putDaily(row: DailyRewardRow): Promise<void>;
  listCharacters(userId: number): Promise<UserCharacterRow[]>;
  /** Undefined when the user already owns this template. */
  insertCharacter(row: Omit<UserCharacterRow, "id">): Promise<UserCharacterRow | undefined>;
  setCharacterLevel(id: number, level: number): Promise<void>;
  /** Equips exactly this one; false when it is not the user's. */
  equipCharacter(userId: number, id: number): Promise<boolean>;
  insertUpgrade(row: Omit<CharacterUpgradeRow, "id">): Promise<void>;
  listUpgrades(userCharacterId: number, limit: number): Promise<CharacterUpgradeRow[]>;
  insertStake(row: Omit<StakeRow, "id">): Promise<StakeRow>;
  /** The user's stakes, newest first (active and closed). */
  listStakes(userId: number, limit: number): Promise<StakeRow[]>;
  /** One stake, locked until the transaction ends (undefined when it is not this user's). */
  lockStake(userId: number, id: number): Promise<StakeRow | undefined>;
  /** Active stakes with id above `afterId`, by id (the hourly accrual walks them in pages). */
  activeStakes(afterId: number, limit: number): Promise<StakeRow[]>;
  putStake(row: StakeRow): Promise<void>;
  /** Tap states whose stored risk score is above `min`, highest first. */
  riskyPlayers(min: number, limit: number): Promise<TapStateRow[]>;
  referralCodeOf(userId: number): Promise<string | undefined>;
  /** False when the code is taken (try another) or the user has one already. */
  insertReferralCode(userId: number, code: string, at: number): Promise<boolean>;
  userOfReferralCode(code: string): Promise<number | undefined>;
  referralOf(refereeId: number): Promise<ReferralRow | undefined>;
  /** False when this referee was referred before. */
  insertReferral(row: ReferralRow): Promise<boolean>;
  /** The referrer's referees, newest first, with their display names. */
  listReferrals(referrerId: number, limit: number): Promise<(ReferralRow & { displayName: string | null })[]>;
  countReferrals(referrerId: number): Promise<number>;
}

/** One user's score on a board. */
export interface BoardScoreRow {
  userId: number;
  bestDiff: number;
  totalShares: number;
}

/** What a board shows of a user, and what it must hide (privacy settings; defaults when never set). */
export interface BoardUserRow {
  id: number;
  btcAddress: string | null;
  displayName: string | null;
  countryCode: string | null;
  /** Signed in at least once (rank changes are announced to such users only). */
  signedIn: boolean;
  showProfile: boolean;
  showCountry: boolean;
  level: number;
  title: string;
}

export type NewSnapshotRow = Omit<LeaderboardSnapshotRow, "id" | "snapshotAt">;
export type NewCountryRow = Omit<CountryRankingRow, "id" | "snapshotAt">;

/** Leaderboards, the lottery and the mini-games (src/compete). */
export interface RanksRepo {
  /** Every user with an accepted share in the week starting `week` (weekly_best_diff). */
  weekScores(week: number): Promise<BoardScoreRow[]>;
  /** Best difficulty and accepted shares per user on days at or after `sinceDay` (null: ever). */
  scoresSince(sinceDay: string | null): Promise<BoardScoreRow[]>;
  /** Both at once in one pass over the daily stats: ever, and on days at or after `sinceDay` (users with none then are left out of `since`). */
  scoresEverAndSince(sinceDay: string): Promise<{ ever: BoardScoreRow[]; since: BoardScoreRow[] }>;
  boardUsers(): Promise<BoardUserRow[]>;
  /** Stores one refresh's boards and country rankings and drops those older than `keepAfter`, in one transaction. */
  saveSnapshot(rows: NewSnapshotRow[], countries: NewCountryRow[], at: number, keepAfter: number): Promise<void>;
  latestSnapshot(period: string): Promise<LeaderboardSnapshotRow[]>;
  latestCountries(period: string): Promise<CountryRankingRow[]>;
  getState(key: string): Promise<string | undefined>;
  /** Sets `key` unless it exists; returns the stored value either way. */
  initState(key: string, value: string): Promise<string>;
  /** False (nothing written) when the week already has a draw. */
  insertDraw(row: NewLotteryDraw): Promise<boolean>;
  getDraw(week: number): Promise<LotteryDrawRow | undefined>;
  listDraws(limit: number): Promise<LotteryDrawRow[]>;
  pendingDraws(): Promise<LotteryDrawRow[]>;
  /** Marks a committed draw drawn; false when it was not committed any more (someone drew it). */
  completeDraw(id: number, blockHash: string, seed: string, at: number): Promise<boolean>;
  insertResult(row: Omit<LotteryResultRow, "id">): Promise<void>;
  results(drawId: number): Promise<LotteryResultRow[]>;
  userResults(userId: number, limit: number): Promise<{ weekStart: number; position: number; ticketNumber: number; xpPrize: number }[]>;
  insertSession(row: Omit<GameSessionRow, "id">): Promise<GameSessionRow>;
  /** Newest first. */
  listSessions(opts: { userId: number; limit: number; beforeId?: number }): Promise<GameSessionRow[]>;
  /** One user's row of the week starting `week`, if they mined in it. */
  userWeek(userId: number, week: number): Promise<BoardScoreRow | undefined>;
  /** The user's workers and their accepted shares (all time). */
  workerShares(userId: number): Promise<{ name: string; shares: number }[]>;
}

export interface Repos {
  readonly engine: "sqlite" | "postgres";
  readonly ranks: RanksRepo;
  readonly users: UsersRepo;
  readonly auth: AuthRepo;
  readonly instances: InstancesRepo;
  readonly game: GameRepo;
  readonly learn: LearnRepo;
  readonly social: SocialRepo;
  readonly compete: CompeteRepo;
  readonly tokens: TokensRepo;
  readonly bot: BotRepo;
  readonly leagues: LeaguesRepo;
  /**
   * Runs `fn` in one transaction: everything it does through the repos it is given commits
   * together or not at all (a throw rolls back and rethrows). Nested calls are savepoints.
   * Use only the `tx` repos inside: work through the outer ones would not be part of it.
   */
  transaction<T>(fn: (tx: Repos) => Promise<T>): Promise<T>;
}
