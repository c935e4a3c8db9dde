-- Adds object type, classification and medium to full-text search, so that a search for "vase" or
-- "porcelain" finds artworks whose title does not say so. The FTS5 table is rebuilt from `objects`.
DROP TRIGGER `objects_fts_insert`;
--> statement-breakpoint
DROP TRIGGER `objects_fts_delete`;
--> statement-breakpoint
DROP TRIGGER `objects_fts_update`;
--> statement-breakpoint
DROP TABLE `objects_fts`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `objects_fts` USING fts5(
  title, artist, culture, accession_number, object_name, classification, medium,
  content='objects', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER `objects_fts_insert` AFTER INSERT ON `objects` BEGIN
  INSERT INTO objects_fts(rowid, title, artist, culture, accession_number, object_name, classification, medium)
  VALUES (new.id, new.title, new.artist, new.culture, new.accession_number, new.object_name, new.classification, new.medium);
END;
--> statement-breakpoint
CREATE TRIGGER `objects_fts_delete` AFTER DELETE ON `objects` BEGIN
  INSERT INTO objects_fts(objects_fts, rowid, title, artist, culture, accession_number, object_name, classification, medium)
  VALUES ('delete', old.id, old.title, old.artist, old.culture, old.accession_number, old.object_name, old.classification, old.medium);
END;
--> statement-breakpoint
CREATE TRIGGER `objects_fts_update` AFTER UPDATE OF title, artist, culture, accession_number, object_name, classification, medium ON `objects` BEGIN
  INSERT INTO objects_fts(objects_fts, rowid, title, artist, culture, accession_number, object_name, classification, medium)
  VALUES ('delete', old.id, old.title, old.artist, old.culture, old.accession_number, old.object_name, old.classification, old.medium);
  INSERT INTO objects_fts(rowid, title, artist, culture, accession_number, object_name, classification, medium)
  VALUES (new.id, new.title, new.artist, new.culture, new.accession_number, new.object_name, new.classification, new.medium);
END;
--> statement-breakpoint
INSERT INTO objects_fts(objects_fts) VALUES ('rebuild');
