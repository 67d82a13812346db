ALTER TABLE `referrals` ADD `fingerprint` text;--> statement-breakpoint
CREATE INDEX `referrals_referrer_fp_idx` ON `referrals` (`referrer_id`,`fingerprint`);