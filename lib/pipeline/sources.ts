import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { childLogger } from '../log';

const log = childLogger('sources');

/** Locations of the Met's data for one pipeline run; each is an https URL or a local path. */
export interface MetSources {
  label: string;
  csv: string;
  imageMap: string;
  apiBaseUrl: string;
  imageBaseUrl: string;
}

/** The live Met. The CSV and map defaults are the same as the discover stage's. */
export const MET_ONLINE_SOURCES: MetSources = {
  label: 'the Met (online)',
  csv: 'https://media.githubusercontent.com/media/metmuseum/openaccess/master/MetObjects.csv',
  imageMap: 'https://raw.githubusercontent.com/aaronland/go-metmuseum-openaccess/main/data/met-openaccess-images.csv',
  apiBaseUrl: 'https://collectionapi.metmuseum.org/public/collection/v1',
  imageBaseUrl: 'https://images.metmuseum.org/CRDImages/',
};

/** The real Met sample bundled in this repository (sample/), laid out like the online sources. */
export const BUNDLED_SAMPLE_DIR = resolve('sample');

/** Sources read from a folder laid out like sample/: MetObjects.csv, the image map, api/, CRDImages/. */
export function folderSources(folder: string): MetSources {
  const root = resolve(folder);
  const required = ['MetObjects.csv', 'met-openaccess-images.csv', 'CRDImages'];
  const missing = required.filter((name) => !existsSync(join(root, name)));
  if (missing.length > 0) {
    throw new Error(
      `invalid source folder "${folder}": missing ${missing.join(', ')}. ` +
        'A source folder needs MetObjects.csv, met-openaccess-images.csv, CRDImages/ and optionally api/objects/, as in sample/.',
    );
  }
  return {
    label: `folder ${root}`,
    csv: join(root, 'MetObjects.csv'),
    imageMap: join(root, 'met-openaccess-images.csv'),
    apiBaseUrl: join(root, 'api'),
    imageBaseUrl: join(root, 'CRDImages'),
  };
}

/** Returns true when a HEAD request to the Met's Collection API gets any HTTP response within `timeoutMs`. */
export async function metIsReachable(timeoutMs = 5000): Promise<boolean> {
  try {
    await fetch(MET_ONLINE_SOURCES.apiBaseUrl + '/objects/1', {
      method: 'HEAD',
      signal: AbortSignal.timeout(timeoutMs),
    });
    return true;
  } catch (error) {
    log.info({ err: error instanceof Error ? error.message : String(error) }, 'the Met is not reachable');
    return false;
  }
}

/**
 * Resolves `--source`: `met` (online), `sample` (the bundled sample), `auto` (the Met when it responds,
 * else the sample), or a folder laid out like sample/.
 */
export async function resolveSources(source: string): Promise<{ sources: MetSources; online: boolean }> {
  if (source === 'met') return { sources: MET_ONLINE_SOURCES, online: true };
  if (source === 'sample') return { sources: { ...folderSources(BUNDLED_SAMPLE_DIR), label: 'the bundled Met sample' }, online: false };
  if (source === 'auto') {
    if (await metIsReachable()) return { sources: MET_ONLINE_SOURCES, online: true };
    log.warn('no internet connection to the Met: using the bundled Met sample (sample/)');
    return { sources: { ...folderSources(BUNDLED_SAMPLE_DIR), label: 'the bundled Met sample' }, online: false };
  }
  return { sources: folderSources(source), online: false };
}
