CREATE TABLE `pii_access_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kitchen_id` integer NOT NULL,
	`user_id` integer,
	`api_token_id` integer,
	`view` text NOT NULL,
	`date_from` text NOT NULL,
	`date_to` text NOT NULL,
	`accessed_at` text NOT NULL,
	FOREIGN KEY (`kitchen_id`) REFERENCES `kitchens`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`api_token_id`) REFERENCES `api_tokens`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `pii_access_log_kitchen_idx` ON `pii_access_log` (`kitchen_id`,`accessed_at`);--> statement-breakpoint
ALTER TABLE `kitchens` ADD `show_guest_names` integer DEFAULT false NOT NULL;