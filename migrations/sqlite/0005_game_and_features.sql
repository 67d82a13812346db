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
ALTER TABLE `user_gamification` ADD `last_active_day` text;--> statement-breakpoint
ALTER TABLE `user_gamification` ADD `last_record_day` text;