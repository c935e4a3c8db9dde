import { existsSync } from 'node:fs';

import { openDatabase, type Db } from '@/lib/db/client';
import { dataPaths, resolveDataDir, type DataPaths } from '@/lib/paths';
import { loadVectorIndex, type VectorIndex } from '@/lib/index/loader';

/**
 * The gallery's view of DATA_DIR: the pipeline's database, opened read-only once per server process.
 * The pipeline must have created it (`npm run pipeline`); the gallery never migrates or writes.
 */

let cached: { root: string; db: Db } | undefined;

export function galleryPaths(): DataPaths {
  return dataPaths(resolveDataDir());
}

export function galleryDb(): Db {
  const paths = galleryPaths();
  if (cached && cached.root === paths.root) return cached.db;

  if (!existsSync(paths.database)) {
    throw new Error(
      `Database not found at ${paths.database}; run \`npm run pipeline\` or set DATA_DIR to a folder that contains met-twins.sqlite.`,
    );
  }
  cached = { root: paths.root, db: openDatabase(paths.database, { readonly: true }) };
  return cached.db;
}

/** The vector index of DATA_DIR, loaded once per process; null when the index stage has not run. */
export function galleryIndex(): VectorIndex | null {
  const paths = galleryPaths();
  if (!existsSync(paths.index)) return null;
  return loadVectorIndex(paths.root);
}
