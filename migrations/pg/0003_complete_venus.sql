CREATE TABLE "lesson_completions" (
	"user_id" integer NOT NULL,
	"track_slug" text NOT NULL,
	"lesson_slug" text NOT NULL,
	"completed_at" bigint NOT NULL,
	CONSTRAINT "lesson_completions_user_id_track_slug_lesson_slug_pk" PRIMARY KEY("user_id","track_slug","lesson_slug")
);
--> statement-breakpoint
CREATE TABLE "track_completions" (
	"user_id" integer NOT NULL,
	"track_slug" text NOT NULL,
	"completed_at" bigint NOT NULL,
	CONSTRAINT "track_completions_user_id_track_slug_pk" PRIMARY KEY("user_id","track_slug")
);
--> statement-breakpoint
ALTER TABLE "lesson_completions" ADD CONSTRAINT "lesson_completions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "track_completions" ADD CONSTRAINT "track_completions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "lesson_completions_user_time_idx" ON "lesson_completions" USING btree ("user_id","completed_at");