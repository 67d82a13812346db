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
	`referrer_bonus` integer NOT NULL,
	`referee_bonus` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`referee_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`referrer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `referrals_referrer_idx` ON `referrals` (`referrer_id`,`created_at`);--> statement-breakpoint
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
