CREATE TABLE `daily_occupancy` (
	`kitchen_id` integer NOT NULL,
	`date` text NOT NULL,
	`rooms_available` integer NOT NULL,
	`rooms_occupied` integer NOT NULL,
	`occupancy_pct` real,
	`guests` integer NOT NULL,
	`adults` integer NOT NULL,
	`children` integer NOT NULL,
	`infants` integer NOT NULL,
	`breakfast_guests` integer NOT NULL,
	`dinner_guests` integer NOT NULL,
	`dbb_rooms` integer NOT NULL,
	`arrivals` integer NOT NULL,
	`arrival_guests` integer NOT NULL,
	`departures` integer NOT NULL,
	`departure_guests` integer NOT NULL,
	`sync_run_id` integer,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`kitchen_id`, `date`),
	FOREIGN KEY (`kitchen_id`) REFERENCES `kitchens`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sync_run_id`) REFERENCES `sync_runs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `meal_rules` (
	`kitchen_id` integer PRIMARY KEY NOT NULL,
	`rules_json` text NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`kitchen_id`) REFERENCES `kitchens`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `room_categories` (
	`kitchen_id` integer NOT NULL,
	`category_id` text NOT NULL,
	`name` text NOT NULL,
	`include_in_counts` integer DEFAULT true NOT NULL,
	PRIMARY KEY(`kitchen_id`, `category_id`),
	FOREIGN KEY (`kitchen_id`) REFERENCES `kitchens`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `room_nights` (
	`kitchen_id` integer NOT NULL,
	`night` text NOT NULL,
	`booking_id` text NOT NULL,
	`site_id` text,
	`room_name` text,
	`category_id` text,
	`category_name` text,
	`group_id` text,
	`lead_first_name` text,
	`lead_last_name` text,
	`adults` integer NOT NULL,
	`children` integer NOT NULL,
	`infants` integer NOT NULL,
	`dinner` integer NOT NULL,
	`breakfast` integer NOT NULL,
	`package` integer NOT NULL,
	`arrival` text NOT NULL,
	`departure` text NOT NULL,
	`status` text,
	PRIMARY KEY(`kitchen_id`, `night`, `booking_id`),
	FOREIGN KEY (`kitchen_id`) REFERENCES `kitchens`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `rooms` (
	`kitchen_id` integer NOT NULL,
	`site_id` text NOT NULL,
	`name` text NOT NULL,
	`category_id` text,
	`category_name` text,
	`sort_order` integer NOT NULL,
	PRIMARY KEY(`kitchen_id`, `site_id`),
	FOREIGN KEY (`kitchen_id`) REFERENCES `kitchens`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `sync_runs` ADD `warning_samples` text;