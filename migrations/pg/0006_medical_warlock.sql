ALTER TABLE "referrals" ADD COLUMN "fingerprint" text;--> statement-breakpoint
CREATE INDEX "referrals_referrer_fp_idx" ON "referrals" USING btree ("referrer_id","fingerprint");