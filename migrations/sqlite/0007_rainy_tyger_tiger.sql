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
