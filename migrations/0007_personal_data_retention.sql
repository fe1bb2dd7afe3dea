ALTER TABLE `kitchens` ADD `retention_days` integer DEFAULT 90 NOT NULL;--> statement-breakpoint
ALTER TABLE `kitchens` ADD `personal_data_kept_from` text;--> statement-breakpoint
ALTER TABLE `kitchens` ADD `tables_purged_at` text;