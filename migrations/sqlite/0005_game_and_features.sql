CREATE TABLE `activity_feed` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`user_id` integer,
	`action` text NOT NULL,
	`data` text,
	`global` integer DEFAULT false NOT NULL,
	`ref` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `activity_feed_ref_uq` ON `activity_feed` (`ref`);--> statement-breakpoint
CREATE INDEX `activity_feed_global_idx` ON `activity_feed` (`global`,`id`);--> statement-breakpoint
CREATE INDEX `activity_feed_user_idx` ON `activity_feed` (`user_id`,`id`);--> statement-breakpoint
CREATE TABLE `badge_stats` (
	`slug` text PRIMARY KEY NOT NULL,
	`holders` integer NOT NULL,
	`players` integer NOT NULL,
	`percentage` real NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`type` text NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`data` text,
	`ref` text NOT NULL,
	`read_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_user_ref_uq` ON `notifications` (`user_id`,`ref`);--> statement-breakpoint
CREATE INDEX `notifications_user_idx` ON `notifications` (`user_id`,`id`);--> statement-breakpoint
CREATE TABLE `lesson_completions` (
	`user_id` integer NOT NULL,
	`track_slug` text NOT NULL,
	`lesson_slug` text NOT NULL,
	`completed_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `track_slug`, `lesson_slug`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `lesson_completions_user_time_idx` ON `lesson_completions` (`user_id`,`completed_at`);--> statement-breakpoint
CREATE TABLE `track_completions` (
	`user_id` integer NOT NULL,
	`track_slug` text NOT NULL,
	`completed_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `track_slug`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `cooperative_members` (
	`cooperative_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`role` text DEFAULT 'member' NOT NULL,
	`joined_at` integer NOT NULL,
	FOREIGN KEY (`cooperative_id`) REFERENCES `cooperatives`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cooperative_members_user_uq` ON `cooperative_members` (`user_id`);--> statement-breakpoint
CREATE INDEX `cooperative_members_coop_idx` ON `cooperative_members` (`cooperative_id`);--> statement-breakpoint
CREATE TABLE `cooperatives` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`name_key` text NOT NULL,
	`description` text,
	`founder_id` integer NOT NULL,
	`country_code` text,
	`join_mode` text DEFAULT 'open' NOT NULL,
	`invite_code` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`founder_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cooperatives_name_key_uq` ON `cooperatives` (`name_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `cooperatives_invite_code_uq` ON `cooperatives` (`invite_code`);--> statement-breakpoint
CREATE TABLE `competition_matches` (
	`competition_id` integer NOT NULL,
	`match_key` text NOT NULL,
	`round` text NOT NULL,
	`team_a` text,
	`team_b` text,
	`score_a` real DEFAULT 0 NOT NULL,
	`score_b` real DEFAULT 0 NOT NULL,
	`winner` text,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`status` text NOT NULL,
	PRIMARY KEY(`competition_id`, `match_key`),
	FOREIGN KEY (`competition_id`) REFERENCES `competitions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `competition_registrations` (
	`competition_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`country_code` text NOT NULL,
	`registered_at` integer NOT NULL,
	PRIMARY KEY(`competition_id`, `user_id`),
	FOREIGN KEY (`competition_id`) REFERENCES `competitions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `competition_registrations_country_idx` ON `competition_registrations` (`competition_id`,`country_code`);--> statement-breakpoint
CREATE TABLE `competition_teams` (
	`competition_id` integer NOT NULL,
	`country_code` text NOT NULL,
	`seed` integer NOT NULL,
	`miners` integer NOT NULL,
	`recent_diff` real NOT NULL,
	PRIMARY KEY(`competition_id`, `country_code`),
	FOREIGN KEY (`competition_id`) REFERENCES `competitions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `competition_transitions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`competition_id` integer NOT NULL,
	`from_status` text NOT NULL,
	`to_status` text NOT NULL,
	`at` integer NOT NULL,
	`by_user_id` integer,
	FOREIGN KEY (`competition_id`) REFERENCES `competitions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `competition_transitions_comp_idx` ON `competition_transitions` (`competition_id`,`id`);--> statement-breakpoint
CREATE TABLE `competitions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`status` text NOT NULL,
	`min_miners` integer NOT NULL,
	`registration_at` integer NOT NULL,
	`starts_at` integer NOT NULL,
	`round_hours` integer NOT NULL,
	`champion` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `league_clubs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`league_id` integer NOT NULL,
	`season` integer NOT NULL,
	`user_id` integer NOT NULL,
	`position` integer,
	`points` integer DEFAULT 0 NOT NULL,
	`total_shares` integer DEFAULT 0 NOT NULL,
	`sum_diff` real DEFAULT 0 NOT NULL,
	`best_diff` real DEFAULT 0 NOT NULL,
	`matches_played` integer DEFAULT 0 NOT NULL,
	`placement_diff` real DEFAULT 0 NOT NULL,
	`placed_at` integer NOT NULL,
	`movement` text,
	FOREIGN KEY (`league_id`) REFERENCES `leagues`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `league_clubs_league_user_uq` ON `league_clubs` (`league_id`,`user_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `league_clubs_season_user_uq` ON `league_clubs` (`season`,`user_id`);--> statement-breakpoint
CREATE TABLE `leagues` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`tier` integer NOT NULL,
	`season` integer NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`promotion_zone` integer DEFAULT 3 NOT NULL,
	`relegation_zone` integer DEFAULT 3 NOT NULL,
	`closed_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `leagues_tier_season_uq` ON `leagues` (`tier`,`season`);--> statement-breakpoint
CREATE INDEX `leagues_season_idx` ON `leagues` (`season`);--> statement-breakpoint
CREATE TABLE `character_upgrades` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_character_id` integer NOT NULL,
	`upgrade_type` text NOT NULL,
	`previous_value` integer NOT NULL,
	`new_value` integer NOT NULL,
	`cost` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_character_id`) REFERENCES `user_characters`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `character_upgrades_char_idx` ON `character_upgrades` (`user_character_id`,`id`);--> statement-breakpoint
CREATE TABLE `daily_rewards` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`streak_count` integer DEFAULT 0 NOT NULL,
	`last_claim_day` text NOT NULL,
	`last_claim_at` integer NOT NULL,
	`total_claimed` integer DEFAULT 0 NOT NULL,
	`claims` integer DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `referral_codes` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `referral_codes_code_uq` ON `referral_codes` (`code`);--> statement-breakpoint
CREATE TABLE `referrals` (
	`referee_id` integer PRIMARY KEY NOT NULL,
	`referrer_id` integer NOT NULL,
	`code` text NOT NULL,
	`fingerprint` text,
	`referrer_bonus` integer NOT NULL,
	`referee_bonus` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`referee_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`referrer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `referrals_referrer_idx` ON `referrals` (`referrer_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `referrals_referrer_fp_idx` ON `referrals` (`referrer_id`,`fingerprint`);--> statement-breakpoint
CREATE TABLE `stakes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`period` text NOT NULL,
	`amount` integer NOT NULL,
	`apy_bp` integer NOT NULL,
	`started_at` integer NOT NULL,
	`unlock_at` integer,
	`paid` integer DEFAULT 0 NOT NULL,
	`accrued_to` integer NOT NULL,
	`status` text DEFAULT 'ACTIVE' NOT NULL,
	`closed_at` integer,
	`penalty` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "stakes_amount_pos" CHECK("stakes"."amount" > 0)
);
--> statement-breakpoint
CREATE INDEX `stakes_user_idx` ON `stakes` (`user_id`,`status`);--> statement-breakpoint
CREATE INDEX `stakes_status_idx` ON `stakes` (`status`,`id`);--> statement-breakpoint
CREATE TABLE `tap_state` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`energy` integer NOT NULL,
	`energy_at` integer NOT NULL,
	`allowance` real NOT NULL,
	`allow_at` integer NOT NULL,
	`combo_taps` integer DEFAULT 0 NOT NULL,
	`last_tap_at` integer,
	`taps_total` integer DEFAULT 0 NOT NULL,
	`tap_earned` integer DEFAULT 0 NOT NULL,
	`crits` integer DEFAULT 0 NOT NULL,
	`boost_day` text,
	`refills_used` integer DEFAULT 0 NOT NULL,
	`turbos_used` integer DEFAULT 0 NOT NULL,
	`turbo_until` integer,
	`pow_day` text,
	`pow_day_diff` real DEFAULT 0 NOT NULL,
	`pow_prev_diff` real DEFAULT 0 NOT NULL,
	`pow_carry` real DEFAULT 0 NOT NULL,
	`pow_pending` integer DEFAULT 0 NOT NULL,
	`pow_earned` integer DEFAULT 0 NOT NULL,
	`pow_diff_total` real DEFAULT 0 NOT NULL,
	`risk` integer DEFAULT 0 NOT NULL,
	`risk_at` integer DEFAULT 0 NOT NULL,
	`last_count` integer DEFAULT 0 NOT NULL,
	`same_count_run` integer DEFAULT 0 NOT NULL,
	`suspended_until` integer,
	`risk_signal` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "tap_state_pending_nonneg" CHECK("tap_state"."pow_pending" >= 0),
	CONSTRAINT "tap_state_energy_nonneg" CHECK("tap_state"."energy" >= 0)
);
--> statement-breakpoint
CREATE TABLE `transactions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`type` text NOT NULL,
	`amount` integer NOT NULL,
	`balance_after` integer NOT NULL,
	`status` text DEFAULT 'COMPLETED' NOT NULL,
	`description` text NOT NULL,
	`metadata` text DEFAULT '{}' NOT NULL,
	`idem_key` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `transactions_user_idem_uq` ON `transactions` (`user_id`,`idem_key`);--> statement-breakpoint
CREATE INDEX `transactions_user_idx` ON `transactions` (`user_id`,`id`);--> statement-breakpoint
CREATE INDEX `transactions_type_idx` ON `transactions` (`type`,`created_at`);--> statement-breakpoint
CREATE TABLE `user_characters` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`template` text NOT NULL,
	`level` integer DEFAULT 1 NOT NULL,
	`is_equipped` integer DEFAULT false NOT NULL,
	`acquired_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "user_characters_level_range" CHECK("user_characters"."level" >= 1 AND "user_characters"."level" <= 50)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `user_characters_user_template_uq` ON `user_characters` (`user_id`,`template`);--> statement-breakpoint
CREATE UNIQUE INDEX `user_characters_one_equipped_uq` ON `user_characters` (`user_id`) WHERE "user_characters"."is_equipped" = 1;--> statement-breakpoint
CREATE TABLE `wallets` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`balance` integer DEFAULT 0 NOT NULL,
	`total_earned` integer DEFAULT 0 NOT NULL,
	`total_spent` integer DEFAULT 0 NOT NULL,
	`staked_amount` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "wallets_balance_nonneg" CHECK("wallets"."balance" >= 0),
	CONSTRAINT "wallets_staked_nonneg" CHECK("wallets"."staked_amount" >= 0)
);
--> statement-breakpoint
CREATE TABLE `competition_state` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `country_rankings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`period` text NOT NULL,
	`country_code` text NOT NULL,
	`rank` integer NOT NULL,
	`total_miners` integer DEFAULT 0 NOT NULL,
	`total_shares` integer DEFAULT 0 NOT NULL,
	`best_diff` real DEFAULT 0 NOT NULL,
	`snapshot_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `country_rankings_period_idx` ON `country_rankings` (`period`,`snapshot_at`);--> statement-breakpoint
CREATE TABLE `game_sessions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`game_type` text NOT NULL,
	`started_at` integer NOT NULL,
	`ended_at` integer,
	`score` real,
	`metadata` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `game_sessions_user_idx` ON `game_sessions` (`user_id`,`id`);--> statement-breakpoint
CREATE TABLE `leaderboard_snapshots` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`period` text NOT NULL,
	`rank` integer NOT NULL,
	`user_id` integer NOT NULL,
	`public_name` text NOT NULL,
	`country_code` text,
	`score` real NOT NULL,
	`total_shares` integer DEFAULT 0 NOT NULL,
	`snapshot_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `lb_snapshot_period_idx` ON `leaderboard_snapshots` (`period`,`snapshot_at`);--> statement-breakpoint
CREATE TABLE `lottery_draws` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`week_start` integer NOT NULL,
	`status` text NOT NULL,
	`total_tickets` integer NOT NULL,
	`total_participants` integer NOT NULL,
	`ticket_file` text NOT NULL,
	`entry_users` text NOT NULL,
	`commitment` text NOT NULL,
	`target_height` integer NOT NULL,
	`block_hash` text,
	`seed` text,
	`committed_at` integer NOT NULL,
	`drawn_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lottery_draws_week_start_unique` ON `lottery_draws` (`week_start`);--> statement-breakpoint
CREATE TABLE `lottery_results` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`draw_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`position` integer NOT NULL,
	`ticket_number` integer NOT NULL,
	`xp_prize` integer NOT NULL,
	FOREIGN KEY (`draw_id`) REFERENCES `lottery_draws`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lottery_results_draw_position_uq` ON `lottery_results` (`draw_id`,`position`);--> statement-breakpoint
CREATE INDEX `lottery_results_user_idx` ON `lottery_results` (`user_id`);--> statement-breakpoint
CREATE TABLE `bot_address_subs` (
	`chat_id` integer NOT NULL,
	`address` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`chat_id`, `address`),
	FOREIGN KEY (`chat_id`) REFERENCES `bot_chats`(`chat_id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `bot_address_subs_address_idx` ON `bot_address_subs` (`address`);--> statement-breakpoint
CREATE TABLE `bot_broadcasts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`admin_user_id` integer,
	`admin_chat_id` integer NOT NULL,
	`text` text NOT NULL,
	`state` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`admin_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `bot_chats` (
	`chat_id` integer PRIMARY KEY NOT NULL,
	`user_id` integer,
	`username` text,
	`referral` text,
	`blocked_at` integer,
	`best_diff_alerts` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `bot_chats_user_idx` ON `bot_chats` (`user_id`);--> statement-breakpoint
CREATE TABLE `bot_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`chat_id` integer NOT NULL,
	`text` text NOT NULL,
	`kind` text NOT NULL,
	`broadcast_id` integer,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`error` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`broadcast_id`) REFERENCES `bot_broadcasts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `bot_outbox_status_idx` ON `bot_outbox` (`status`,`id`);--> statement-breakpoint
CREATE INDEX `bot_outbox_broadcast_idx` ON `bot_outbox` (`broadcast_id`,`status`);--> statement-breakpoint
CREATE TABLE `pow_credits` (
	`user_id` integer NOT NULL,
	`day` text NOT NULL,
	`diff` real DEFAULT 0 NOT NULL,
	PRIMARY KEY(`user_id`, `day`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `token_activity` (
	`user_id` integer NOT NULL,
	`period` text NOT NULL,
	`taps` integer DEFAULT 0 NOT NULL,
	`mined` integer DEFAULT 0 NOT NULL,
	`shares` integer DEFAULT 0 NOT NULL,
	`referrals` integer DEFAULT 0 NOT NULL,
	`upgrades` integer DEFAULT 0 NOT NULL,
	`purchases` integer DEFAULT 0 NOT NULL,
	`dailies` integer DEFAULT 0 NOT NULL,
	`earned` integer DEFAULT 0 NOT NULL,
	`power` integer DEFAULT 0 NOT NULL,
	`streak` integer DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `period`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `token_activity_period_earned_idx` ON `token_activity` (`period`,`earned`);--> statement-breakpoint
CREATE TABLE `user_achievements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`achievement` text NOT NULL,
	`tier` integer NOT NULL,
	`reward` integer NOT NULL,
	`claimed_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `user_achievements_user_tier_uq` ON `user_achievements` (`user_id`,`achievement`,`tier`);--> statement-breakpoint
CREATE TABLE `user_quests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`quest` text NOT NULL,
	`period` text NOT NULL,
	`status` text NOT NULL,
	`baseline` integer DEFAULT 0 NOT NULL,
	`started_at` integer NOT NULL,
	`claimed_at` integer,
	`reward` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `user_quests_user_quest_period_uq` ON `user_quests` (`user_id`,`quest`,`period`);--> statement-breakpoint
CREATE INDEX `user_quests_user_idx` ON `user_quests` (`user_id`,`status`);--> statement-breakpoint
CREATE TABLE `airdrop_claims` (
	`airdrop_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`weight` integer DEFAULT 1 NOT NULL,
	`amount` integer DEFAULT 0 NOT NULL,
	`status` text NOT NULL,
	`claimed_at` integer NOT NULL,
	`paid_at` integer,
	PRIMARY KEY(`airdrop_id`, `user_id`),
	FOREIGN KEY (`airdrop_id`) REFERENCES `airdrops`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `airdrop_claims_user_idx` ON `airdrop_claims` (`user_id`);--> statement-breakpoint
CREATE TABLE `airdrops` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`description` text NOT NULL,
	`method` text NOT NULL,
	`total_amount` integer NOT NULL,
	`max_participants` integer NOT NULL,
	`winners` integer DEFAULT 0 NOT NULL,
	`min_account_age_days` integer DEFAULT 0 NOT NULL,
	`min_transactions` integer DEFAULT 0 NOT NULL,
	`min_level` integer DEFAULT 0 NOT NULL,
	`required_achievements` text DEFAULT '[]' NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`status` text DEFAULT 'OPEN' NOT NULL,
	`claimed` integer DEFAULT 0 NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`distributed_at` integer,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `airdrops_status_idx` ON `airdrops` (`status`,`ends_at`);--> statement-breakpoint
ALTER TABLE `user_gamification` ADD `last_active_day` text;--> statement-breakpoint
ALTER TABLE `user_gamification` ADD `last_record_day` text;