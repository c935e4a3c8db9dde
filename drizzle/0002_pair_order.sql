CREATE INDEX `pairs_curated_order_idx` ON `pairs` (("top_rank" is null),`top_rank`,"score" desc,`a_id`,`b_id`);--> statement-breakpoint
CREATE INDEX `pairs_similarity_order_idx` ON `pairs` ("similarity" desc,"score" desc,`a_id`,`b_id`);--> statement-breakpoint
CREATE INDEX `pairs_years_order_idx` ON `pairs` (("years_apart" is null),"years_apart" desc,"score" desc,`a_id`,`b_id`);--> statement-breakpoint
CREATE INDEX `pairs_score_order_idx` ON `pairs` ("score" desc,"similarity" desc,`a_id`,`b_id`);