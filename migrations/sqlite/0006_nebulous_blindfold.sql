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
CREATE UNIQUE INDEX `cooperatives_invite_code_uq` ON `cooperatives` (`invite_code`);