import { readFileSync } from 'node:fs';

import { openDatabase } from '@/lib/db/client';
import { objects } from '@/lib/db/schema';
import { dataPaths } from '@/lib/paths';

export interface SampleImage {
  id: number;
  imagePath: string;
}

/**
 * Rows of the bundled image map (id, urlpath of the original rendition), in id order. The map does not
 * quote paths that contain a comma, so each line is split at its first comma only.
 */
export function sampleImages(): SampleImage[] {
  const lines = readFileSync('sample/met-openaccess-images.csv', 'utf8').trim().split('\n').slice(1);
  return lines
    .map((line) => {
      const comma = line.indexOf(',');
      return { id: Number(line.slice(0, comma)), imagePath: line.slice(comma + 1).trim() };
    })
    .sort((a, b) => a.id - b.id);
}

/** Inserts pending objects straight into a fresh database under `dataDir`, as the discover stage would. */
export function insertPendingObjects(dataDir: string, images: readonly SampleImage[]): void {
  const db = openDatabase(dataPaths(dataDir).database);
  try {
    db.insert(objects)
      .values(images.map((image) => ({ id: image.id, imagePath: image.imagePath, imageSource: 'map' as const, title: `object ${image.id}` })))
      .run();
  } finally {
    db.$client.close();
  }
}
