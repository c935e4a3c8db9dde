import { join, resolve } from 'node:path';

/** Default data directory, relative to the working directory; override with DATA_DIR. */
export const DEFAULT_DATA_DIR = './data';

export function resolveDataDir(dataDir = process.env.DATA_DIR ?? DEFAULT_DATA_DIR): string {
  return resolve(/* turbopackIgnore: true */ dataDir);
}

/** Returns the path of every file and folder the pipeline writes under the data directory. */
export function dataPaths(dataDir: string) {
  const root = resolve(/* turbopackIgnore: true */ dataDir);
  return {
    root,
    database: join(root, 'met-twins.sqlite'),
    thumbnails: join(root, 'thumbs'), // WebP, long edge 512 px: thumbs/<id % 1000, zero-padded>/<id>.webp
    shards: join(root, 'shards'), // embedding shards: <stem>.vectors.npy, <stem>.ids.npy, <stem>.json (lib/embed/shards.ts)
    index: join(root, 'index.faiss'),
    indexIds: join(root, 'index.ids.json'), // Met object id of each FAISS row, in row order
    neighbourIds: join(root, 'neighbours.ids.npy'), // int32 (n, K): FAISS row of each neighbour
    neighbourSimilarities: join(root, 'neighbours.sims.npy'), // float32 (n, K): cosine similarity
    vectors: join(root, 'vectors.npy'), // float32 (n, d): embeddings in FAISS row order, read by offset
    reports: join(root, 'reports'), // curation reports such as contact-sheet.png
    downloads: join(root, 'downloads'), // source files fetched over https (CSV, image map)
  };
}

export type DataPaths = ReturnType<typeof dataPaths>;
