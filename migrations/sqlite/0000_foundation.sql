CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`btc_address` text,
	`display_name` text,
	`display_name_key` text,
	`country_code` text,
	`email` text,
	`email_verified` integer DEFAULT false NOT NULL,
	`password_hash` text,
	`auth_method` text DEFAULT 'miner' NOT NULL,
	`telegram_id` integer,
	`telegram_username` text,
	`role` text DEFAULT 'user' NOT NULL,
	`is_banned` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`last_login_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_btc_address_uq` ON `users` (`btc_address`);--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_uq` ON `users` (`email`);--> statement-breakpoint
CREATE UNIQUE INDEX `users_telegram_id_uq` ON `users` (`telegram_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `users_display_name_key_uq` ON `users` (`display_name_key`);--> statement-breakpoint
CREATE INDEX `users_created_idx` ON `users` (`created_at`);--> statement-breakpoint
CREATE TABLE `blocks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`height` integer NOT NULL,
	`hash` text NOT NULL,
	`user_id` integer,
	`worker_name` text,
	`address` text NOT NULL,
	`reward_sats` integer NOT NULL,
	`network_difficulty` real NOT NULL,
	`share_difficulty` real NOT NULL,
	`status` text NOT NULL,
	`submit_result` text,
	`confirmations` integer DEFAULT 0 NOT NULL,
	`found_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `blocks_hash_uq` ON `blocks` (`hash`);--> statement-breakpoint
CREATE INDEX `blocks_found_idx` ON `blocks` (`found_at`);--> statement-breakpoint
CREATE INDEX `blocks_user_idx` ON `blocks` (`user_id`);--> statement-breakpoint
CREATE TABLE `network_blocks` (
	`height` integer PRIMARY KEY NOT NULL,
	`hash` text NOT NULL,
	`difficulty` real NOT NULL,
	`seen_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `share_minutes` (
	`worker_id` integer NOT NULL,
	`minute` integer NOT NULL,
	`accepted` integer DEFAULT 0 NOT NULL,
	`rejected` integer DEFAULT 0 NOT NULL,
	`sum_diff` real DEFAULT 0 NOT NULL,
	`best_diff` real DEFAULT 0 NOT NULL,
	PRIMARY KEY(`worker_id`, `minute`),
	FOREIGN KEY (`worker_id`) REFERENCES `workers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `share_minutes_minute_idx` ON `share_minutes` (`minute`);--> statement-breakpoint
CREATE TABLE `workers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`name` text NOT NULL,
	`user_agent` text,
	`ip` text,
	`is_online` integer DEFAULT false NOT NULL,
	`current_diff` real,
	`best_diff` real DEFAULT 0 NOT NULL,
	`best_diff_at` integer,
	`shares_accepted` integer DEFAULT 0 NOT NULL,
	`shares_rejected` integer DEFAULT 0 NOT NULL,
	`last_share_at` integer,
	`connected_at` integer,
	`disconnected_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `workers_user_name_uq` ON `workers` (`user_id`,`name`);--> statement-breakpoint
CREATE INDEX `workers_online_idx` ON `workers` (`is_online`);