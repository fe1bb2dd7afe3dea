CREATE TABLE `api_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kitchen_id` integer NOT NULL,
	`role` text NOT NULL,
	`token_hash` text NOT NULL,
	`label` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`last_used_at` text,
	`revoked_at` text,
	FOREIGN KEY (`kitchen_id`) REFERENCES `kitchens`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "api_tokens_role_check" CHECK("api_tokens"."role" in ('manager', 'admin'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_token_hash_unique` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `api_tokens_kitchen_idx` ON `api_tokens` (`kitchen_id`);--> statement-breakpoint
CREATE TABLE `kitchens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`time_zone` text DEFAULT 'Europe/London' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `kitchens_slug_unique` ON `kitchens` (`slug`);--> statement-breakpoint
CREATE TABLE `login_failures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`failed_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `login_failures_email_idx` ON `login_failures` (`email`,`failed_at`);--> statement-breakpoint
CREATE TABLE `memberships` (
	`user_id` integer NOT NULL,
	`kitchen_id` integer NOT NULL,
	`role` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	PRIMARY KEY(`user_id`, `kitchen_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`kitchen_id`) REFERENCES `kitchens`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "memberships_role_check" CHECK("memberships"."role" in ('manager', 'admin'))
);
--> statement-breakpoint
CREATE INDEX `memberships_kitchen_idx` ON `memberships` (`kitchen_id`);--> statement-breakpoint
CREATE TABLE `newbook_connections` (
	`kitchen_id` integer PRIMARY KEY NOT NULL,
	`region` text NOT NULL,
	`credentials_ciphertext` text NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`kitchen_id`) REFERENCES `kitchens`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `resos_connections` (
	`kitchen_id` integer PRIMARY KEY NOT NULL,
	`api_key_ciphertext` text NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`kitchen_id`) REFERENCES `kitchens`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`token_hash` text NOT NULL,
	`user_id` integer NOT NULL,
	`current_kitchen_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`idle_expires_at` text NOT NULL,
	`absolute_expires_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`current_kitchen_id`) REFERENCES `kitchens`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sessions_token_hash_unique` ON `sessions` (`token_hash`);--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `sync_runs` (
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
	`chunks_done` integer DEFAULT 0 NOT NULL,
	`chunks_total` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`kitchen_id`) REFERENCES `kitchens`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "sync_runs_kind_check" CHECK("sync_runs"."kind" in ('frequent', 'manual', 'historical')),
	CONSTRAINT "sync_runs_status_check" CHECK("sync_runs"."status" in ('running', 'success', 'failed'))
);
--> statement-breakpoint
CREATE INDEX `sync_runs_kitchen_started_idx` ON `sync_runs` (`kitchen_id`,`started_at`);--> statement-breakpoint
CREATE TABLE `sync_settings` (
	`kitchen_id` integer PRIMARY KEY NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`interval_minutes` integer DEFAULT 15 NOT NULL,
	`days_ahead` integer DEFAULT 7 NOT NULL,
	`last_sync_at` text,
	`last_sync_status` text,
	`last_error_message` text,
	`consecutive_failures` integer DEFAULT 0 NOT NULL,
	`next_due_at` text,
	FOREIGN KEY (`kitchen_id`) REFERENCES `kitchens`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "sync_settings_interval_check" CHECK("sync_settings"."interval_minutes" in (5, 10, 15, 30, 60)),
	CONSTRAINT "sync_settings_days_ahead_check" CHECK("sync_settings"."days_ahead" between 1 and 30)
);
--> statement-breakpoint
CREATE INDEX `sync_settings_due_idx` ON `sync_settings` (`enabled`,`next_due_at`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`password_hash` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);