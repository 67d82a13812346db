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
