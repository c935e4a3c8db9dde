-- Full-text search over the fields people type: title, artist, culture and accession number.
-- External-content FTS5 table kept in step with `objects` by triggers.
CREATE VIRTUAL TABLE `objects_fts` USING fts5(
  title, artist, culture, accession_number,
  content='objects', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER `objects_fts_insert` AFTER INSERT ON `objects` BEGIN
  INSERT INTO objects_fts(rowid, title, artist, culture, accession_number)
  VALUES (new.id, new.title, new.artist, new.culture, new.accession_number);
END;
--> statement-breakpoint
CREATE TRIGGER `objects_fts_delete` AFTER DELETE ON `objects` BEGIN
  INSERT INTO objects_fts(objects_fts, rowid, title, artist, culture, accession_number)
  VALUES ('delete', old.id, old.title, old.artist, old.culture, old.accession_number);
END;
--> statement-breakpoint
CREATE TRIGGER `objects_fts_update` AFTER UPDATE OF title, artist, culture, accession_number ON `objects` BEGIN
  INSERT INTO objects_fts(objects_fts, rowid, title, artist, culture, accession_number)
  VALUES ('delete', old.id, old.title, old.artist, old.culture, old.accession_number);
  INSERT INTO objects_fts(rowid, title, artist, culture, accession_number)
  VALUES (new.id, new.title, new.artist, new.culture, new.accession_number);
END;
