/**
 * Test fixture: builds a gallery DATA_DIR from the bundled sample without the pipeline, so the query
 * tests stay fast and independent of the pipeline stages. It loads real rows of sample/MetObjects.csv
 * and writes WebP thumbnails of the sample images. Each image gets a small colour-layout descriptor
 * (8×8 RGB, mean-centred, L2-normalised: 192 dimensions), stored as a flat FAISS index, vectors.npy
 * and index.ids.json. Each object's 3 nearest neighbours become pairs with their contrast columns.
 *
 * Run directly to make a dev data folder: `npx tsx tests/gallery/seed.ts /tmp/met-twins-dev`.
 */
import { parse } from 'csv-parse/sync';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

import { openDatabase } from '../../lib/db/client';
import { meta, objects, pairs, type NewObjectRow, type ObjectRow } from '../../lib/db/schema';
import { buildIndex } from '../../lib/index/faiss';
import { writeVectorFile } from '../../lib/index/vectors';
import { compareObjects } from '../../lib/twins/contrast';
import { dataPaths } from '../../lib/paths';

const SAMPLE = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'sample');
const NEIGHBOURS_PER_OBJECT = 3;

function year(text: string): number | null {
  return /^-?\d+$/.test(text.trim()) ? Number(text) : null;
}

async function describe(imageFile: string): Promise<Float32Array> {
  const pixels = await sharp(imageFile).removeAlpha().resize(8, 8, { fit: 'fill' }).raw().toBuffer();
  const vector = Float32Array.from(pixels, (value) => value / 255);
  const mean = vector.reduce((sum, value) => sum + value, 0) / vector.length;
  let norm = 0;
  for (let i = 0; i < vector.length; i += 1) {
    vector[i] -= mean;
    norm += vector[i] * vector[i];
  }
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < vector.length; i += 1) vector[i] /= norm;
  return vector;
}

export interface SeedResult {
  dataDir: string;
  objectCount: number;
  embeddedIds: number[];
  pairCount: number;
}

/** Seeds `dataDir` with up to `limit` sample objects that have a local image. */
export async function seedGallery(dataDir: string, limit = Number.POSITIVE_INFINITY): Promise<SeedResult> {
  const paths = dataPaths(dataDir);
  const records = parse(readFileSync(join(SAMPLE, 'MetObjects.csv')), { columns: true, bom: true }) as Record<string, string>[];
  // The image map leaves commas inside paths unquoted, so each line splits at its first comma only.
  const mapLines = readFileSync(join(SAMPLE, 'met-openaccess-images.csv'), 'utf8').trim().split('\n').slice(1);
  const imageMap = new Map(mapLines.map((line) => [Number(line.slice(0, line.indexOf(','))), line.slice(line.indexOf(',') + 1).trim()]));

  const db = openDatabase(paths.database);
  const rows: NewObjectRow[] = [];
  const vectors: Float32Array[] = [];
  for (const record of records) {
    if (rows.length >= limit) break;
    const id = Number(record['Object ID']);
    const imagePath = imageMap.get(id);
    if (record['Is Public Domain'] !== 'True' || !imagePath) continue;

    const local = join(SAMPLE, 'CRDImages', imagePath.replace('/original/', '/web-large/'));
    const row: NewObjectRow = {
      id,
      accessionNumber: record['Object Number'],
      title: record.Title,
      artist: record['Artist Display Name'],
      culture: record.Culture,
      department: record.Department,
      classification: record.Classification,
      objectName: record['Object Name'],
      medium: record.Medium,
      portfolio: record.Portfolio,
      dateText: record['Object Date'],
      beginYear: year(record['Object Begin Date']),
      endYear: year(record['Object End Date']),
      linkResource: record['Link Resource'],
      imagePath,
      imageSource: 'map',
      status: existsSync(local) ? 'embedded' : 'failed',
      failureReason: existsSync(local) ? null : 'http_404',
    };
    if (existsSync(local)) {
      const thumbPath = join('thumbs', String(id % 1000).padStart(3, '0'), `${id}.webp`);
      mkdirSync(dirname(join(paths.root, thumbPath)), { recursive: true });
      const info = await sharp(local).resize(512, 512, { fit: 'inside' }).webp().toFile(join(paths.root, thumbPath));
      Object.assign(row, { thumbPath, width: info.width, height: info.height });
      vectors.push(await describe(local));
    }
    rows.push(row);
  }

  db.insert(objects).values(rows).onConflictDoNothing().run();
  const embedded = rows.filter((row) => row.status === 'embedded') as (NewObjectRow & { id: number })[];
  const dimension = vectors[0]?.length ?? 0;
  const matrix = new Float32Array(embedded.length * dimension);
  vectors.forEach((vector, row) => matrix.set(vector, row * dimension));
  writeVectorFile(paths.vectors, matrix, dimension);
  buildIndex('flat', dimension, matrix).write(paths.index);
  writeFileSync(paths.indexIds, JSON.stringify(embedded.map((row) => row.id)));

  const similarity = (i: number, j: number) => {
    let dot = 0;
    for (let d = 0; d < dimension; d += 1) dot += matrix[i * dimension + d] * matrix[j * dimension + d];
    return dot;
  };
  const stored = new Map<string, typeof pairs.$inferInsert>();
  embedded.forEach((left, i) => {
    const ranked = embedded
      .map((_, j) => ({ j, sim: j === i ? -2 : similarity(i, j) }))
      .sort((x, y) => y.sim - x.sim)
      .slice(0, NEIGHBOURS_PER_OBJECT);
    ranked.forEach(({ j, sim }, rank) => {
      const right = embedded[j];
      const [a, b] = left.id < right.id ? [left, right] : [right, left];
      const key = `${a.id}-${b.id}`;
      if (stored.has(key)) return;
      const contrast = compareObjects(a as ObjectRow, b as ObjectRow);
      stored.set(key, {
        aId: a.id,
        bId: b.id,
        similarity: sim,
        yearsApart: contrast.yearsApart,
        crossesDepartment: contrast.crossesDepartment,
        crossesCulture: contrast.crossesCulture,
        crossesClassification: contrast.crossesClassification,
        crossesObjectName: contrast.crossesObjectName,
        crossesMedium: contrast.crossesMedium,
        reasons: contrast.reasons,
        score: sim * (1 + Math.log10(1 + (contrast.yearsApart ?? 0)) / 4),
        rankAInB: rank + 1,
        rankBInA: rank + 1,
        mutual: false,
      });
    });
  });
  const pairRows = [...stored.values()].sort((x, y) => y.score - x.score);
  // A stand-in for the curator's diversified list: every other pair of the best 40, so it differs from score order.
  pairRows.forEach((row, position) => {
    if (position < 40 && position % 2 === 1) row.topRank = (position + 1) / 2;
  });
  for (let start = 0; start < pairRows.length; start += 200) {
    db.insert(pairs).values(pairRows.slice(start, start + 200)).run();
  }
  db.insert(meta).values({ key: 'embedder', value: 'test-colour-layout-8x8' }).onConflictDoNothing().run();
  db.$client.close();

  return { dataDir: paths.root, objectCount: rows.length, embeddedIds: embedded.map((row) => row.id), pairCount: pairRows.length };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const target = process.argv[2];
  if (!target) throw new Error('Usage: tsx tests/gallery/seed.ts DATA_DIR');
  seedGallery(target).then((result) => console.log(JSON.stringify({ ...result, embeddedIds: result.embeddedIds.length })));
}
