CREATE TABLE `league_clubs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`league_id` integer NOT NULL,
	`season` integer NOT NULL,
	`user_id` integer NOT NULL,
	`position` integer,
	`points` integer DEFAULT 0 NOT NULL,
	`total_shares` integer DEFAULT 0 NOT NULL,
	`sum_diff` real DEFAULT 0 NOT NULL,
	`best_diff` real DEFAULT 0 NOT NULL,
	`matches_played` integer DEFAULT 0 NOT NULL,
	`placement_diff` real DEFAULT 0 NOT NULL,
	`placed_at` integer NOT NULL,
	`movement` text,
	FOREIGN KEY (`league_id`) REFERENCES `leagues`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `league_clubs_league_user_uq` ON `league_clubs` (`league_id`,`user_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `league_clubs_season_user_uq` ON `league_clubs` (`season`,`user_id`);--> statement-breakpoint
CREATE TABLE `leagues` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`tier` integer NOT NULL,
	`season` integer NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`promotion_zone` integer DEFAULT 3 NOT NULL,
	`relegation_zone` integer DEFAULT 3 NOT NULL,
	`closed_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `leagues_tier_season_uq` ON `leagues` (`tier`,`season`);--> statement-breakpoint
CREATE INDEX `leagues_season_idx` ON `leagues` (`season`);