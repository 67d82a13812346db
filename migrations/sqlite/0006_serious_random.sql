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
CREATE INDEX `user_quests_user_idx` ON `user_quests` (`user_id`,`status`);