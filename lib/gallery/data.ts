import { existsSync } from 'node:fs';

import { openDatabase, type Db } from '@/lib/db/client';
import { dataPaths, resolveDataDir, type DataPaths } from '@/lib/paths';
import { loadVectorIndex, type VectorIndex } from '@/lib/index/loader';

/**
 * The gallery's view of DATA_DIR: the pipeline's database, opened read-only once per server process.
 * The pipeline must have created it (`npm run pipeline`); the gallery never migrates or writes.
 */

let cached: { root: string; db: Db } | undefined;

let cachedPaths: { setting: string | undefined; paths: DataPaths } | undefined;

/** The data paths of DATA_DIR, worked out again only when the setting changes (tests change it). */
export function galleryPaths(): DataPaths {
  const setting = process.env.DATA_DIR;
  if (!cachedPaths || cachedPaths.setting !== setting) cachedPaths = { setting, paths: dataPaths(resolveDataDir()) };
  return cachedPaths.paths;
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

let cachedIndex: { root: string; index: VectorIndex } | undefined;

/** The vector index of DATA_DIR, loaded once per process; null when the index stage has not run. */
export function galleryIndex(): VectorIndex | null {
  const paths = galleryPaths();
  if (cachedIndex && cachedIndex.root === paths.root) return cachedIndex.index;

  if (!existsSync(paths.index)) return null;
  cachedIndex = { root: paths.root, index: loadVectorIndex(paths.root) };
  return cachedIndex.index;
}
