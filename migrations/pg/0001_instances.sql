CREATE TABLE "instances" (
	"id" text PRIMARY KEY NOT NULL,
	"started_at" bigint NOT NULL,
	"heartbeat_at" bigint NOT NULL,
	"version" text NOT NULL,
	"stratum_url" text,
	"stratum_port" integer,
	"http_url" text,
	"is_leader" boolean DEFAULT false NOT NULL,
	"sessions" integer DEFAULT 0 NOT NULL,
	"workers" integer DEFAULT 0 NOT NULL,
	"miners" integer DEFAULT 0 NOT NULL,
	"hashrate_1m" double precision DEFAULT 0 NOT NULL,
	"hashrate_5m" double precision DEFAULT 0 NOT NULL,
	"hashrate_1h" double precision DEFAULT 0 NOT NULL,
	"hashrate_1d" double precision DEFAULT 0 NOT NULL,
	"hashrate_7d" double precision DEFAULT 0 NOT NULL,
	"blocks_found" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX "instances_heartbeat_idx" ON "instances" USING btree ("heartbeat_at");