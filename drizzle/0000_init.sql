CREATE TABLE `api_cache` (
	`object_id` integer PRIMARY KEY NOT NULL,
	`http_status` integer NOT NULL,
	`body` text,
	`fetched_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `objects` (
	`id` integer PRIMARY KEY NOT NULL,
	`accession_number` text DEFAULT '' NOT NULL,
	`title` text DEFAULT '' NOT NULL,
	`artist` text DEFAULT '' NOT NULL,
	`culture` text DEFAULT '' NOT NULL,
	`department` text DEFAULT '' NOT NULL,
	`classification` text DEFAULT '' NOT NULL,
	`object_name` text DEFAULT '' NOT NULL,
	`medium` text DEFAULT '' NOT NULL,
	`portfolio` text DEFAULT '' NOT NULL,
	`date_text` text DEFAULT '' NOT NULL,
	`begin_year` integer,
	`end_year` integer,
	`link_resource` text DEFAULT '' NOT NULL,
	`image_path` text,
	`image_source` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`http_status` integer,
	`failure_reason` text,
	`bytes` integer,
	`width` integer,
	`height` integer,
	`content_hash` text,
	`perceptual_hash` text,
	`thumb_path` text,
	`updated_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `objects_status_idx` ON `objects` (`status`);--> statement-breakpoint
CREATE INDEX `objects_department_idx` ON `objects` (`department`);--> statement-breakpoint
CREATE TABLE `outliers` (
	`object_id` integer PRIMARY KEY NOT NULL,
	`kth_similarity` real NOT NULL,
	`rank` integer NOT NULL,
	FOREIGN KEY (`object_id`) REFERENCES `objects`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `pairs` (
	`a_id` integer NOT NULL,
	`b_id` integer NOT NULL,
	`similarity` real NOT NULL,
	`years_apart` integer,
	`crosses_department` integer NOT NULL,
	`crosses_culture` integer NOT NULL,
	`crosses_classification` integer NOT NULL,
	`crosses_object_name` integer NOT NULL,
	`crosses_medium` integer NOT NULL,
	`reasons` text NOT NULL,
	`score` real NOT NULL,
	`rank_a_in_b` integer NOT NULL,
	`rank_b_in_a` integer NOT NULL,
	`mutual` integer NOT NULL,
	`cluster` integer,
	`top_rank` integer,
	PRIMARY KEY(`a_id`, `b_id`),
	FOREIGN KEY (`a_id`) REFERENCES `objects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`b_id`) REFERENCES `objects`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `pairs_score_idx` ON `pairs` (`score`);--> statement-breakpoint
CREATE INDEX `pairs_top_rank_idx` ON `pairs` (`top_rank`);--> statement-breakpoint
CREATE INDEX `pairs_b_idx` ON `pairs` (`b_id`);