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
CREATE INDEX `lottery_results_user_idx` ON `lottery_results` (`user_id`);