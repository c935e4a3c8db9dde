import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

import { openDatabase } from '../../lib/db/client';
import { objects } from '../../lib/db/schema';
import { describeImage } from '../../lib/embed/descriptor';
import { DESCRIPTOR_V1 } from '../../lib/embed/models';
import { decodeRgb } from '../../lib/embed/preprocess';
import { writeShard } from '../../lib/embed/shards';
import { dataPaths } from '../../lib/paths';
import { sampleObject } from './sample';

const SAMPLE = join(import.meta.dirname, '..', '..', 'sample');

/**
 * Builds a data directory from the bundled sample: every object whose web-large image is on disk goes
 * into the database as embedded, with real weight-free descriptor vectors in one shard. Thumbnails
 * point at the sample images through a `thumbs` link. Returns the number of objects.
 */
export async function buildSampleDataDir(dataDir: string): Promise<number> {
  const paths = dataPaths(dataDir);
  mkdirSync(dataDir, { recursive: true });
  symlinkSync(join(SAMPLE, 'CRDImages'), paths.thumbnails);

  // The map's paths may contain unquoted commas, so each line splits at its first comma only.
  const lines = readFileSync(join(SAMPLE, 'met-openaccess-images.csv'), 'utf8').trim().split('\n').slice(1);
  const images = lines
    .map((line) => ({ id: Number(line.slice(0, line.indexOf(','))), path: line.slice(line.indexOf(',') + 1) }))
    .map((row) => ({ id: row.id, relative: decodeURIComponent(row.path.trim()).replace('/original/', '/web-large/') }))
    .filter((row) => existsSync(join(SAMPLE, 'CRDImages', row.relative)))
    .sort((a, b) => a.id - b.id);

  const db = openDatabase(paths.database);
  const ids: number[] = [];
  const vectors = new Float32Array(images.length * DESCRIPTOR_V1.dimension);
  for (const image of images) {
    const { contentHash: _, perceptualHash: __, thumbPath: ___, ...metadata } = sampleObject(image.id);
    db.insert(objects).values({ ...metadata, status: 'embedded', thumbPath: join('thumbs', image.relative) }).run();
    const vector = await describeImage(await decodeRgb(join(SAMPLE, 'CRDImages', image.relative)));
    vectors.set(vector, ids.length * DESCRIPTOR_V1.dimension);
    ids.push(image.id);
  }
  db.$client.close();

  writeShard({
    directory: paths.shards,
    job: { index: 0, count: 1 },
    sequence: 0,
    embedder: DESCRIPTOR_V1.name,
    modelHash: DESCRIPTOR_V1.version,
    dimension: DESCRIPTOR_V1.dimension,
    ids,
    vectors,
  });
  return ids.length;
}
