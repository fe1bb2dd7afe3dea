-- D1 keeps foreign keys on; deferring them lets sync_runs be rebuilt under the rows that point at it.
PRAGMA defer_foreign_keys = on;--> statement-breakpoint
CREATE TABLE `__new_sync_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kitchen_id` integer NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`date_from` text NOT NULL,
	`date_to` text NOT NULL,
	`started_at` text NOT NULL,
	`finished_at` text,
	`duration_ms` integer,
	`api_calls` integer DEFAULT 0 NOT NULL,
	`records_fetched` integer DEFAULT 0 NOT NULL,
	`rows_written` integer DEFAULT 0 NOT NULL,
	`warnings` integer DEFAULT 0 NOT NULL,
	`error_message` text,
	`warning_samples` text,
	`chunks_done` integer DEFAULT 0 NOT NULL,
	`chunks_total` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`kitchen_id`) REFERENCES `kitchens`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "sync_runs_kind_check" CHECK("__new_sync_runs"."kind" in ('frequent', 'manual', 'historical')),
	CONSTRAINT "sync_runs_status_check" CHECK("__new_sync_runs"."status" in ('running', 'success', 'failed', 'cancelled'))
);
--> statement-breakpoint
INSERT INTO `__new_sync_runs`("id", "kitchen_id", "kind", "status", "date_from", "date_to", "started_at", "finished_at", "duration_ms", "api_calls", "records_fetched", "rows_written", "warnings", "error_message", "warning_samples", "chunks_done", "chunks_total") SELECT "id", "kitchen_id", "kind", "status", "date_from", "date_to", "started_at", "finished_at", "duration_ms", "api_calls", "records_fetched", "rows_written", "warnings", "error_message", "warning_samples", "chunks_done", "chunks_total" FROM `sync_runs`;--> statement-breakpoint
DROP TABLE `sync_runs`;--> statement-breakpoint
ALTER TABLE `__new_sync_runs` RENAME TO `sync_runs`;--> statement-breakpoint
PRAGMA defer_foreign_keys = off;--> statement-breakpoint
CREATE INDEX `sync_runs_kitchen_started_idx` ON `sync_runs` (`kitchen_id`,`started_at`);--> statement-breakpoint
ALTER TABLE `sync_settings` ADD `enabled_since` text;--> statement-breakpoint
ALTER TABLE `sync_settings` ADD `alert_webhook_url` text;--> statement-breakpoint
-- Kitchens already syncing count as enabled from now, for the "stale" banner.
UPDATE `sync_settings` SET `enabled_since` = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE `enabled` = 1;
