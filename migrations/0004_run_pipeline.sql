-- One run lifecycle: the cron's runs are "scheduled" (they were "frequent"), a run of several
-- sources can end "partial", and the schedule mirror says when the newest run was tried.
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
	CONSTRAINT "sync_runs_kind_check" CHECK("__new_sync_runs"."kind" in ('scheduled', 'manual', 'historical')),
	CONSTRAINT "sync_runs_status_check" CHECK("__new_sync_runs"."status" in ('running', 'success', 'partial', 'failed', 'cancelled'))
);
--> statement-breakpoint
INSERT INTO `__new_sync_runs`("id", "kitchen_id", "kind", "status", "date_from", "date_to", "started_at", "finished_at", "duration_ms", "api_calls", "records_fetched", "rows_written", "warnings", "error_message", "warning_samples", "chunks_done", "chunks_total") SELECT "id", "kitchen_id", CASE "kind" WHEN 'frequent' THEN 'scheduled' ELSE "kind" END, "status", "date_from", "date_to", "started_at", "finished_at", "duration_ms", "api_calls", "records_fetched", "rows_written", "warnings", "error_message", "warning_samples", "chunks_done", "chunks_total" FROM `sync_runs`;--> statement-breakpoint
DROP TABLE `sync_runs`;--> statement-breakpoint
ALTER TABLE `__new_sync_runs` RENAME TO `sync_runs`;--> statement-breakpoint
PRAGMA defer_foreign_keys = off;--> statement-breakpoint
CREATE INDEX `sync_runs_kitchen_started_idx` ON `sync_runs` (`kitchen_id`,`started_at`);--> statement-breakpoint
ALTER TABLE `sync_settings` ADD `last_attempt_at` text;--> statement-breakpoint
UPDATE `sync_settings` SET `last_attempt_at` = (SELECT max(coalesce(r.`finished_at`, r.`started_at`)) FROM `sync_runs` r WHERE r.`kitchen_id` = `sync_settings`.`kitchen_id`);--> statement-breakpoint
-- Every kitchen has its schedule row from the moment it exists, however it was made (the
-- admin CLI, the demo, plain SQL): the scheduler and the pages can rely on it. One made by
-- hand before this migration without one gets it now.
INSERT OR IGNORE INTO `sync_settings` (`kitchen_id`, `enabled_since`) SELECT `id`, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM `kitchens`;--> statement-breakpoint
CREATE TRIGGER `kitchens_schedule_row` AFTER INSERT ON `kitchens` BEGIN
  INSERT OR IGNORE INTO `sync_settings` (`kitchen_id`, `enabled_since`) VALUES (NEW.`id`, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;
