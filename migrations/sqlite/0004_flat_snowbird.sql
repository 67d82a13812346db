CREATE TABLE `game_progress` (
	`key` text PRIMARY KEY NOT NULL,
	`value` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `user_badges` (
	`user_id` integer NOT NULL,
	`slug` text NOT NULL,
	`earned_at` integer NOT NULL,
	`ref` text NOT NULL,
	PRIMARY KEY(`user_id`, `slug`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `user_badges_slug_idx` ON `user_badges` (`slug`);--> statement-breakpoint
CREATE TABLE `user_gamification` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`total_xp` integer DEFAULT 0 NOT NULL,
	`level` integer DEFAULT 1 NOT NULL,
	`title` text DEFAULT 'Nocoiner' NOT NULL,
	`badges_earned` integer DEFAULT 0 NOT NULL,
	`current_streak` integer DEFAULT 0 NOT NULL,
	`longest_streak` integer DEFAULT 0 NOT NULL,
	`streak_start` integer,
	`last_active_week` integer,
	`total_shares` integer DEFAULT 0 NOT NULL,
	`best_diff` real DEFAULT 0 NOT NULL,
	`blocks_found` integer DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `xp_ledger` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`source` text NOT NULL,
	`amount` integer NOT NULL,
	`ref` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `xp_ledger_user_source_ref_uq` ON `xp_ledger` (`user_id`,`source`,`ref`);--> statement-breakpoint
CREATE INDEX `xp_ledger_user_idx` ON `xp_ledger` (`user_id`,`id`);