CREATE TABLE `instances` (
	`id` text PRIMARY KEY NOT NULL,
	`started_at` integer NOT NULL,
	`heartbeat_at` integer NOT NULL,
	`version` text NOT NULL,
	`stratum_url` text,
	`stratum_port` integer,
	`http_url` text,
	`is_leader` integer DEFAULT false NOT NULL,
	`sessions` integer DEFAULT 0 NOT NULL,
	`workers` integer DEFAULT 0 NOT NULL,
	`miners` integer DEFAULT 0 NOT NULL,
	`hashrate_1m` real DEFAULT 0 NOT NULL,
	`hashrate_5m` real DEFAULT 0 NOT NULL,
	`hashrate_1h` real DEFAULT 0 NOT NULL,
	`hashrate_1d` real DEFAULT 0 NOT NULL,
	`hashrate_7d` real DEFAULT 0 NOT NULL,
	`blocks_found` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `instances_heartbeat_idx` ON `instances` (`heartbeat_at`);