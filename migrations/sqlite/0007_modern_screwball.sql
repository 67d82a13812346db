CREATE TABLE `airdrop_claims` (
	`airdrop_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`weight` integer DEFAULT 1 NOT NULL,
	`amount` integer DEFAULT 0 NOT NULL,
	`status` text NOT NULL,
	`claimed_at` integer NOT NULL,
	`paid_at` integer,
	PRIMARY KEY(`airdrop_id`, `user_id`),
	FOREIGN KEY (`airdrop_id`) REFERENCES `airdrops`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `airdrop_claims_user_idx` ON `airdrop_claims` (`user_id`);--> statement-breakpoint
CREATE TABLE `airdrops` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`description` text NOT NULL,
	`method` text NOT NULL,
	`total_amount` integer NOT NULL,
	`max_participants` integer NOT NULL,
	`winners` integer DEFAULT 0 NOT NULL,
	`min_account_age_days` integer DEFAULT 0 NOT NULL,
	`min_transactions` integer DEFAULT 0 NOT NULL,
	`min_level` integer DEFAULT 0 NOT NULL,
	`required_achievements` text DEFAULT '[]' NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`status` text DEFAULT 'OPEN' NOT NULL,
	`claimed` integer DEFAULT 0 NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`distributed_at` integer,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `airdrops_status_idx` ON `airdrops` (`status`,`ends_at`);