CREATE TABLE "pow_credits" (
	"user_id" integer NOT NULL,
	"day" text NOT NULL,
	"diff" double precision DEFAULT 0 NOT NULL,
	CONSTRAINT "pow_credits_user_id_day_pk" PRIMARY KEY("user_id","day")
);
--> statement-breakpoint
ALTER TABLE "pow_credits" ADD CONSTRAINT "pow_credits_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;