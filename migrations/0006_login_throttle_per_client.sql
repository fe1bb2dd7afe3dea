ALTER TABLE `login_failures` ADD `client` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX `login_failures_client_idx` ON `login_failures` (`client`,`failed_at`);