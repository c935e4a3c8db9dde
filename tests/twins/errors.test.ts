import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { writeShard } from '../../lib/embed/shards';
import { runIndex } from '../../lib/index/stage';
import { dataPaths } from '../../lib/paths';
import { runCurate } from '../../lib/twins/stage';
import { randomUnitVectors } from '../index/random';

let dataDir: string;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'met-curate-errors-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

describe('runCurate errors', () => {
  it('rejects a missing index', async () => {
    await expect(runCurate({ dataDir })).rejects.toThrow(
      `${dataPaths(dataDir).neighbourIds} is missing: run the index stage before curate`,
    );
  });

  it('rejects an empty database', async () => {
    writeShard({
      directory: dataPaths(dataDir).shards,
      job: { index: 0, count: 1 },
      sequence: 0,
      embedder: 'descriptor-v1',
      modelHash: 'test',
      dimension: 8,
      ids: [1, 2, 3],
      vectors: randomUnitVectors(3, 8, 1),
    });
    await runIndex({ dataDir, k: 2 });
    await expect(runCurate({ dataDir, k: 2 })).rejects.toThrow(
      `no objects in ${dataPaths(dataDir).database}: run the discover, fetch and embed stages first`,
    );
  });
});
