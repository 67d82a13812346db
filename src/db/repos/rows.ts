// Row types the repositories hand out. They are inferred from the PostgreSQL tables, and the
// checks below make the build fail if SQLite's tables would infer anything different: both
// engines return exactly these shapes.
import type * as lite from "../schema/index.ts";
import type * as pg from "../schema-pg/index.ts";

export type UserRow = typeof pg.users.$inferSelect;
export type NewUser = typeof pg.users.$inferInsert;
export type UserSettingsRow = typeof pg.userSettings.$inferSelect;
export type TelegramProfileRow = typeof pg.telegramProfiles.$inferSelect;
export type RefreshRow = typeof pg.refreshTokens.$inferSelect;
export type NewRefresh = typeof pg.refreshTokens.$inferInsert;
export type ApiKeyRow = typeof pg.apiKeys.$inferSelect;
export type NewApiKey = typeof pg.apiKeys.$inferInsert;
export type EmailVerificationRow = typeof pg.emailVerificationTokens.$inferSelect;
export type NewVerificationToken = typeof pg.emailVerificationTokens.$inferInsert;
export type PasswordResetRow = typeof pg.passwordResetTokens.$inferSelect;
export type NewResetToken = typeof pg.passwordResetTokens.$inferInsert;
export type LoginFailureRow = typeof pg.loginFailures.$inferSelect;
export type AuditRow = typeof pg.auditLog.$inferSelect;
export type NewAudit = Omit<typeof pg.auditLog.$inferInsert, "id">;
export type InstanceRow = typeof pg.instances.$inferSelect;
export type XpLedgerRow = typeof pg.xpLedger.$inferSelect;
export type UserBadgeRow = typeof pg.userBadges.$inferSelect;
export type UserGamificationRow = typeof pg.userGamification.$inferSelect;
export type NotificationRow = typeof pg.notifications.$inferSelect;
export type FeedRow = typeof pg.activityFeed.$inferSelect;
export type BadgeStatRow = typeof pg.badgeStats.$inferSelect;
export type LessonCompletionRow = typeof pg.lessonCompletions.$inferSelect;
export type TrackCompletionRow = typeof pg.trackCompletions.$inferSelect;
export type CoopRow = typeof pg.cooperatives.$inferSelect;
export type NewCoop = Omit<typeof pg.cooperatives.$inferInsert, "id">;
export type CoopMemberRow = typeof pg.cooperativeMembers.$inferSelect;
export type CompetitionRow = typeof pg.competitions.$inferSelect;
export type NewCompetition = Omit<typeof pg.competitions.$inferInsert, "id">;
export type CompetitionTransitionRow = typeof pg.competitionTransitions.$inferSelect;
export type CompetitionRegistrationRow = typeof pg.competitionRegistrations.$inferSelect;
export type CompetitionTeamRow = typeof pg.competitionTeams.$inferSelect;
export type CompetitionMatchRow = typeof pg.competitionMatches.$inferSelect;
export type LeagueRow = typeof pg.leagues.$inferSelect;
export type LeagueClubRow = typeof pg.leagueClubs.$inferSelect;
export type WalletRow = typeof pg.wallets.$inferSelect;
export type TokenTxRow = typeof pg.transactions.$inferSelect;
export type TapStateRow = typeof pg.tapState.$inferSelect;
export type DailyRewardRow = typeof pg.dailyRewards.$inferSelect;
export type UserCharacterRow = typeof pg.userCharacters.$inferSelect;
export type CharacterUpgradeRow = typeof pg.characterUpgrades.$inferSelect;
export type StakeRow = typeof pg.stakes.$inferSelect;
export type ReferralRow = typeof pg.referrals.$inferSelect;
export type TokenActivityRow = typeof pg.tokenActivity.$inferSelect;
export type UserQuestRow = typeof pg.userQuests.$inferSelect;
export type UserAchievementRow = typeof pg.userAchievements.$inferSelect;
export type AirdropRow = typeof pg.airdrops.$inferSelect;
export type AirdropClaimRow = typeof pg.airdropClaims.$inferSelect;
export type LeaderboardSnapshotRow = typeof pg.leaderboardSnapshots.$inferSelect;
export type CountryRankingRow = typeof pg.countryRankings.$inferSelect;
export type LotteryDrawRow = typeof pg.lotteryDraws.$inferSelect;
export type NewLotteryDraw = Omit<typeof pg.lotteryDraws.$inferInsert, "id">;
export type LotteryResultRow = typeof pg.lotteryResults.$inferSelect;
export type GameSessionRow = typeof pg.gameSessions.$inferSelect;
export type BotChatRow = typeof pg.botChats.$inferSelect;
export type BotOutboxRow = typeof pg.botOutbox.$inferSelect;
export type BotBroadcastRow = typeof pg.botBroadcasts.$inferSelect;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Both<K extends keyof typeof lite & keyof typeof pg> = (typeof lite)[K] extends { $inferSelect: infer L; $inferInsert: infer LI }
  ? (typeof pg)[K] extends { $inferSelect: infer P; $inferInsert: infer PI }
    ? Same<L, P> extends true
      ? // Inserts: whatever PostgreSQL accepts SQLite must too (SQLite may be laxer: its integer
        // primary keys may be left out, PostgreSQL's user_id keys may not).
        [PI] extends [LI]
        ? true
        : false
      : false
    : false
  : false;
type AllTrue<T extends true> = T;
/** Compile-time only: every table both engines share selects the same shape and takes the same inserts. */
export type RowParity = AllTrue<
  | Both<"users">
  | Both<"settings">
  | Both<"userSettings">
  | Both<"telegramProfiles">
  | Both<"refreshTokens">
  | Both<"apiKeys">
  | Both<"emailVerificationTokens">
  | Both<"passwordResetTokens">
  | Both<"loginFailures">
  | Both<"auditLog">
  | Both<"workers">
  | Both<"blocks">
  | Both<"shareMinutes">
  | Both<"shareHours">
  | Both<"poolMinutes">
  | Both<"poolHours">
  | Both<"networkBlocks">
  | Both<"shares">
  | Both<"userDailyStats">
  | Both<"personalBests">
  | Both<"weeklyBestDiff">
  | Both<"instances">
  | Both<"xpLedger">
  | Both<"userBadges">
  | Both<"userGamification">
  | Both<"gameProgress">
  | Both<"notifications">
  | Both<"activityFeed">
  | Both<"badgeStats">
  | Both<"lessonCompletions">
  | Both<"trackCompletions">
  | Both<"cooperatives">
  | Both<"cooperativeMembers">
  | Both<"competitions">
  | Both<"competitionTransitions">
  | Both<"competitionRegistrations">
  | Both<"competitionTeams">
  | Both<"competitionMatches">
  | Both<"leagues">
  | Both<"leagueClubs">
  | Both<"wallets">
  | Both<"transactions">
  | Both<"tapState">
  | Both<"dailyRewards">
  | Both<"userCharacters">
  | Both<"characterUpgrades">
  | Both<"stakes">
  | Both<"referralCodes">
  | Both<"referrals">
  | Both<"tokenActivity">
  | Both<"userQuests">
  | Both<"userAchievements">
  | Both<"airdrops">
  | Both<"airdropClaims">
  | Both<"powCredits">
  | Both<"leaderboardSnapshots">
  | Both<"countryRankings">
  | Both<"lotteryDraws">
  | Both<"lotteryResults">
  | Both<"gameSessions">
  | Both<"competitionState">
  | Both<"botChats">
  | Both<"botAddressSubs">
  | Both<"botBroadcasts">
  | Both<"botOutbox">
>;
