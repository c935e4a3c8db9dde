import type { Db } from '../db/client';
import type { MetObject } from '../met/types';

/** One object the discover stage keeps: public domain, with the CDN path of its original image. */
export interface DiscoveredObject {
  object: MetObject;
  imagePath: string;
  imageSource: 'map' | 'api';
}

export type UpsertOutcome = 'inserted' | 'updated' | 'image-changed' | 'unchanged';

/** Metadata columns discover owns, in the order of the statements below. */
const METADATA_COLUMNS = [
  'accession_number',
  'title',
  'artist',
  'culture',
  'department',
  'classification',
  'object_name',
  'medium',
  'portfolio',
  'date_text',
  'begin_year',
  'end_year',
  'link_resource',
  'image_path',
  'image_source',
] as const;

type ColumnValues = (string | number | null)[];

function columnValues({ object, imagePath, imageSource }: DiscoveredObject): ColumnValues {
  return [
    object.accessionNumber,
    object.title,
    object.artist,
    object.culture,
    object.department,
    object.classification,
    object.objectName,
    object.medium,
    object.portfolio,
    object.dateText,
    object.beginYear,
    object.endYear,
    object.linkResource,
    imagePath,
    imageSource,
  ];
}

/**
 * Writes discovered objects in batches, one transaction per batch. A new object is inserted as
 * 'pending'. An existing one gets its metadata updated and keeps its fetch state (fetched, embedded,
 * failed), unless its image path changed: then the fetch state is cleared and it is 'pending' again.
 * A row whose values are all unchanged is not written, so `updated_at` moves only on real changes.
 * NOTE: objects that a later CSV drops or marks not public domain are left in the table as they are.
 */
export class ObjectWriter {
  private readonly select;
  private readonly insert;
  private readonly updateMetadata;
  private readonly resetFetchState;
  private readonly writeBatch;

  constructor(db: Db) {
    const sqlite = db.$client;
    const columns = METADATA_COLUMNS.join(', ');
    const placeholders = METADATA_COLUMNS.map(() => '?').join(', ');
    const assignments = METADATA_COLUMNS.map((column) => `${column} = ?`).join(', ');

    this.select = sqlite.prepare(`SELECT ${columns} FROM objects WHERE id = ?`).raw(true);
    this.insert = sqlite.prepare(
      `INSERT INTO objects (id, ${columns}, status, updated_at) VALUES (?, ${placeholders}, 'pending', ?)`,
    );
    this.updateMetadata = sqlite.prepare(`UPDATE objects SET ${assignments}, updated_at = ? WHERE id = ?`);
    this.resetFetchState = sqlite.prepare(
      `UPDATE objects SET status = 'pending', attempts = 0, http_status = NULL, failure_reason = NULL, bytes = NULL,
         width = NULL, height = NULL, content_hash = NULL, perceptual_hash = NULL, thumb_path = NULL WHERE id = ?`,
    );
    this.writeBatch = sqlite.transaction((batch: DiscoveredObject[]) => batch.map((item) => this.writeOne(item)));
  }

  /** Writes a batch in one transaction and returns each object's outcome, in order. */
  write(batch: DiscoveredObject[]): UpsertOutcome[] {
    return this.writeBatch(batch);
  }

  private writeOne(item: DiscoveredObject): UpsertOutcome {
    const id = item.object.id;
    const values = columnValues(item);
    const now = Date.now();
    const existing = this.select.get(id) as ColumnValues | undefined;

    if (!existing) {
      this.insert.run(id, ...values, now);
      return 'inserted';
    }
    if (existing.every((value, index) => value === values[index])) return 'unchanged';

    this.updateMetadata.run(...values, now, id);
    const imagePathIndex = METADATA_COLUMNS.indexOf('image_path');
    if (existing[imagePathIndex] !== values[imagePathIndex]) {
      this.resetFetchState.run(id);
      return 'image-changed';
    }
    return 'updated';
  }
}
