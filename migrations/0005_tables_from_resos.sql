-- Table bookings from resOS, one row per booking (links to stays are worked out when read); the
-- kitchen's resOS field mapping and the restaurant's definitions on its connection; and what a
-- room-night needs for a table to find it: the OTA reference and the lead guest's contact details.
CREATE TABLE `table_bookings` (
	`kitchen_id` integer NOT NULL,
	`resos_booking_id` text NOT NULL,
	`date` text NOT NULL,
	`time` text,
	`people` integer NOT NULL,
	`status` text NOT NULL,
	`table_names` text,
	`area_name` text,
	`guest_name` text,
	`guest_phone` text,
	`guest_email` text,
	`notes_json` text DEFAULT '[]' NOT NULL,
	`fields_json` text DEFAULT '[]' NOT NULL,
	`sync_run_id` integer,
	PRIMARY KEY(`kitchen_id`, `resos_booking_id`),
	FOREIGN KEY (`kitchen_id`) REFERENCES `kitchens`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sync_run_id`) REFERENCES `sync_runs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `table_bookings_kitchen_date_idx` ON `table_bookings` (`kitchen_id`,`date`);--> statement-breakpoint
ALTER TABLE `resos_connections` ADD `booking_number_field_id` text;--> statement-breakpoint
ALTER TABLE `resos_connections` ADD `hotel_guest_field_id` text;--> statement-breakpoint
ALTER TABLE `resos_connections` ADD `dbb_field_id` text;--> statement-breakpoint
ALTER TABLE `resos_connections` ADD `group_field_id` text;--> statement-breakpoint
ALTER TABLE `resos_connections` ADD `dietary_field_ids` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `resos_connections` ADD `service_choices` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `resos_connections` ADD `custom_fields_json` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `resos_connections` ADD `opening_hours_json` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `resos_connections` ADD `restaurant_read_at` text;--> statement-breakpoint
ALTER TABLE `room_nights` ADD `reference_id` text;--> statement-breakpoint
ALTER TABLE `room_nights` ADD `lead_email` text;--> statement-breakpoint
ALTER TABLE `room_nights` ADD `lead_phone` text;