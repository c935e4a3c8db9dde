import { desc, sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Lifecycle of one artwork through the pipeline; `failed` always carries a `failureReason`. */
export const OBJECT_STATUSES = ['pending', 'fetched', 'failed', 'embedded'] as const;
export type ObjectStatus = (typeof OBJECT_STATUSES)[number];

/** Public-domain Met artworks that have an image path, with normalised metadata and fetch state. */
export const objects = sqliteTable(
  'objects',
  {
    id: integer('id').primaryKey(), // the Met's Object ID
    accessionNumber: text('accession_number').notNull().default(''),
    title: text('title').notNull().default(''),
    artist: text('artist').notNull().default(''),
    culture: text('culture').notNull().default(''),
    department: text('department').notNull().default(''),
    classification: text('classification').notNull().default(''),
    objectName: text('object_name').notNull().default(''),
    medium: text('medium').notNull().default(''),
    portfolio: text('portfolio').notNull().default(''),
    dateText: text('date_text').notNull().default(''),
    // Calendar years, negative for BCE; null when the source gives no usable year.
    beginYear: integer('begin_year'),
    endYear: integer('end_year'),
    linkResource: text('link_resource').notNull().default(''),
    // CDN path of the original rendition relative to the CRDImages base, exactly as the source spells it.
    imagePath: text('image_path'),
    imageSource: text('image_source', { enum: ['map', 'api'] }),
    status: text('status', { enum: OBJECT_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    httpStatus: integer('http_status'),
    failureReason: text('failure_reason'),
    bytes: integer('bytes'),
    width: integer('width'),
    height: integer('height'),
    contentHash: text('content_hash'), // SHA-256 hex of the downloaded bytes
    perceptualHash: text('perceptual_hash'), // 64-bit difference hash, 16 hex digits
    thumbPath: text('thumb_path'), // relative to DATA_DIR
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' })
      .notNull()
      .default(sql`(unixepoch() * 1000)`),
  },
  (table) => [index('objects_status_idx').on(table.status), index('objects_department_idx').on(table.department)],
);

/** Cached Collection API responses, so a re-run of discover sends no request twice. */
export const apiCache = sqliteTable('api_cache', {
  objectId: integer('object_id').primaryKey(),
  httpStatus: integer('http_status').notNull(),
  body: text('body'),
  fetchedAt: integer('fetched_at', { mode: 'timestamp_ms' }).notNull(),
});

/** Key-value facts about the current run: embedder name, model hash, dimension, index kind. */
export const meta = sqliteTable('meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/** Curated visual twins; `aId < bId` so each unordered pair is stored once. */
export const pairs = sqliteTable(
  'pairs',
  {
    aId: integer('a_id')
      .notNull()
      .references(() => objects.id),
    bId: integer('b_id')
      .notNull()
      .references(() => objects.id),
    similarity: real('similarity').notNull(), // cosine similarity of the L2-normalised embeddings
    yearsApart: integer('years_apart'), // distance between date midpoints; null when either date is unknown
    crossesDepartment: integer('crosses_department', { mode: 'boolean' }).notNull(),
    crossesCulture: integer('crosses_culture', { mode: 'boolean' }).notNull(),
    crossesClassification: integer('crosses_classification', { mode: 'boolean' }).notNull(),
    crossesObjectName: integer('crosses_object_name', { mode: 'boolean' }).notNull(),
    crossesMedium: integer('crosses_medium', { mode: 'boolean' }).notNull(),
    reasons: text('reasons', { mode: 'json' }).$type<string[]>().notNull(),
    score: real('score').notNull(),
    rankAInB: integer('rank_a_in_b').notNull(), // 1-based rank of a among b's global neighbours
    rankBInA: integer('rank_b_in_a').notNull(),
    mutual: integer('mutual', { mode: 'boolean' }).notNull(),
    cluster: integer('cluster'),
    topRank: integer('top_rank'), // 1-based position in the diversified top list; null when not in it
  },
  (table) => [
    primaryKey({ columns: [table.aId, table.bId] }),
    index('pairs_score_idx').on(table.score),
    index('pairs_top_rank_idx').on(table.topRank),
    index('pairs_b_idx').on(table.bId),
    // One index per sort order of the gallery's pair list, in exactly its ORDER BY terms
    // (lib/gallery/pairs.ts), so a page walks the index and stops instead of sorting every pair.
    index('pairs_curated_order_idx').on(sql`(${table.topRank} is null)`, table.topRank, desc(table.score), table.aId, table.bId),
    index('pairs_similarity_order_idx').on(desc(table.similarity), desc(table.score), table.aId, table.bId),
    index('pairs_years_order_idx').on(sql`(${table.yearsApart} is null)`, desc(table.yearsApart), desc(table.score), table.aId, table.bId),
    index('pairs_score_order_idx').on(desc(table.score), desc(table.similarity), table.aId, table.bId),
  ],
);

/** The most visually isolated artworks: lowest similarity to their k-th global neighbour. */
export const outliers = sqliteTable('outliers', {
  objectId: integer('object_id')
    .primaryKey()
    .references(() => objects.id),
  kthSimilarity: real('kth_similarity').notNull(),
  rank: integer('rank').notNull(),
});

export type ObjectRow = typeof objects.$inferSelect;
export type NewObjectRow = typeof objects.$inferInsert;
export type PairRow = typeof pairs.$inferSelect;
