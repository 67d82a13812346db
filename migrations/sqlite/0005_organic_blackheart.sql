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
ALTER TABLE `user_gamification` ADD `last_active_day` text;--> statement-breakpoint
ALTER TABLE `user_gamification` ADD `last_record_day` text;