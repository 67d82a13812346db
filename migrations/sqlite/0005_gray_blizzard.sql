CREATE TABLE `bot_address_subs` (
	`chat_id` integer NOT NULL,
	`address` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`chat_id`, `address`),
	FOREIGN KEY (`chat_id`) REFERENCES `bot_chats`(`chat_id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `bot_address_subs_address_idx` ON `bot_address_subs` (`address`);--> statement-breakpoint
CREATE TABLE `bot_broadcasts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`admin_user_id` integer,
	`admin_chat_id` integer NOT NULL,
	`text` text NOT NULL,
	`state` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`admin_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `bot_chats` (
	`chat_id` integer PRIMARY KEY NOT NULL,
	`user_id` integer,
	`username` text,
	`referral` text,
	`blocked_at` integer,
	`best_diff_alerts` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `bot_chats_user_idx` ON `bot_chats` (`user_id`);--> statement-breakpoint
CREATE TABLE `bot_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`chat_id` integer NOT NULL,
	`text` text NOT NULL,
	`kind` text NOT NULL,
	`broadcast_id` integer,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`error` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`broadcast_id`) REFERENCES `bot_broadcasts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `bot_outbox_status_idx` ON `bot_outbox` (`status`,`id`);--> statement-breakpoint
CREATE INDEX `bot_outbox_broadcast_idx` ON `bot_outbox` (`broadcast_id`,`status`);