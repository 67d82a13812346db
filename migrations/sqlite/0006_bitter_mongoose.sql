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
ALTER TABLE `referrals` ADD `fingerprint` text;--> statement-breakpoint
CREATE INDEX `referrals_referrer_fp_idx` ON `referrals` (`referrer_id`,`fingerprint`);