CREATE TABLE `personal_bests` (
	`user_id` integer NOT NULL,
	`period` text NOT NULL,
	`period_start` integer NOT NULL,
	`best_difficulty` real NOT NULL,
	`achieved_at` integer NOT NULL,
	`worker_name` text,
	PRIMARY KEY(`user_id`, `period`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `pool_hours` (
	`hour` integer PRIMARY KEY NOT NULL,
	`accepted` integer DEFAULT 0 NOT NULL,
	`rejected` integer DEFAULT 0 NOT NULL,
	`sum_diff` real DEFAULT 0 NOT NULL,
	`best_diff` real DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `pool_minutes` (
	`minute` integer PRIMARY KEY NOT NULL,
	`accepted` integer DEFAULT 0 NOT NULL,
	`rejected` integer DEFAULT 0 NOT NULL,
	`sum_diff` real DEFAULT 0 NOT NULL,
	`best_diff` real DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `share_hours` (
	`worker_id` integer NOT NULL,
	`hour` integer NOT NULL,
	`accepted` integer DEFAULT 0 NOT NULL,
	`rejected` integer DEFAULT 0 NOT NULL,
	`sum_diff` real DEFAULT 0 NOT NULL,
	`best_diff` real DEFAULT 0 NOT NULL,
	PRIMARY KEY(`worker_id`, `hour`),
	FOREIGN KEY (`worker_id`) REFERENCES `workers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `shares` (
	`id` integer PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`worker_id` integer NOT NULL,
	`at` integer NOT NULL,
	`difficulty` real NOT NULL,
	`share_difficulty` real NOT NULL,
	`reject_code` integer,
	`is_block` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`worker_id`) REFERENCES `workers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `shares_user_idx` ON `shares` (`user_id`,`id`);--> statement-breakpoint
CREATE TABLE `user_daily_stats` (
	`user_id` integer NOT NULL,
	`day` text NOT NULL,
	`total_shares` integer DEFAULT 0 NOT NULL,
	`accepted_shares` integer DEFAULT 0 NOT NULL,
	`rejected_shares` integer DEFAULT 0 NOT NULL,
	`best_diff` real DEFAULT 0 NOT NULL,
	`sum_diff` real DEFAULT 0 NOT NULL,
	`workers_active` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`user_id`, `day`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `weekly_best_diff` (
	`user_id` integer NOT NULL,
	`week_start` integer NOT NULL,
	`best_difficulty` real DEFAULT 0 NOT NULL,
	`best_at` integer,
	`worker_name` text,
	`total_shares` integer DEFAULT 0 NOT NULL,
	`sum_diff` real DEFAULT 0 NOT NULL,
	PRIMARY KEY(`user_id`, `week_start`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `weekly_best_week_idx` ON `weekly_best_diff` (`week_start`,`best_difficulty`);--> statement-breakpoint
ALTER TABLE `share_minutes` ADD `rejected_stale` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `share_minutes` ADD `rejected_duplicate` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `share_minutes` ADD `rejected_low_diff` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `share_minutes` ADD `rejected_other` integer DEFAULT 0 NOT NULL;