import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { runDiscover } from '../../lib/discover/stage';
import { listShards, readShards } from '../../lib/embed/shards';
import { runIndex } from '../../lib/index/stage';
import { dataPaths } from '../../lib/paths';
import { readSampleRows, writeCollection } from '../../lib/synthetic/collection';
import { SYNTHETIC_EMBEDDER, writeClusteredShards } from '../../lib/synthetic/vectors';

const roots: string[] = [];
const sample = readSampleRows(join('sample', 'MetObjects.csv'));

function scratch(): string {
  const root = mkdtempSync(join(tmpdir(), 'met-scale-'));
  roots.push(root);
  return root;
}

afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

describe('generate-collection', () => {
  it('same seed writes same files', async () => {
    const [a, b] = [scratch(), scratch()];
    for (const root of [a, b]) {
      const files = await writeCollection(join(root, 'source'), 300, sample, 11);
      writeClusteredShards({ directory: dataPaths(root).shards, ids: files.ids, dimension: 16, clusters: 5, spread: 0.6, shardSize: 128, seed: 11 });
    }

    expect(readFileSync(join(b, 'source', 'MetObjects.csv')).equals(readFileSync(join(a, 'source', 'MetObjects.csv')))).toBe(true);
    expect(readFileSync(join(b, 'source', 'met-openaccess-images.csv')).equals(readFileSync(join(a, 'source', 'met-openaccess-images.csv')))).toBe(true);
    const first = listShards(dataPaths(a).shards);
    const second = listShards(dataPaths(b).shards);
    expect(second.map((shard) => shard.stem)).toEqual(first.map((shard) => shard.stem));
    for (const [i, shard] of first.entries()) expect(readFileSync(second[i].vectorsPath).equals(readFileSync(shard.vectorsPath))).toBe(true);
  });

  it('vectors are unit length', async () => {
    const root = scratch();
    const files = await writeCollection(join(root, 'source'), 200, sample, 3);
    writeClusteredShards({ directory: dataPaths(root).shards, ids: files.ids, dimension: 32, clusters: 4, spread: 0.6, shardSize: 64, seed: 3 });

    const chunks = [...readShards(dataPaths(root).shards)];
    expect(chunks.map((chunk) => chunk.ids.length)).toEqual([64, 64, 64, 8]);
    expect(listShards(dataPaths(root).shards)[0].embedder).toBe(SYNTHETIC_EMBEDDER);
    for (const chunk of chunks) {
      for (let row = 0; row < chunk.ids.length; row++) {
        const norm = Math.hypot(...chunk.vectors.subarray(row * 32, (row + 1) * 32));
        expect(norm).toBeCloseTo(1, 5);
      }
    }
  });

  it('discover and index accept output', async () => {
    const root = scratch();
    const files = await writeCollection(join(root, 'source'), 400, sample, 5);
    writeClusteredShards({ directory: dataPaths(root).shards, ids: files.ids, dimension: 16, clusters: 6, spread: 0.6, shardSize: 100, seed: 5 });

    const discovered = await runDiscover({ dataDir: root, csv: files.csvPath, imageMap: files.imageMapPath, apiBaseUrl: join(root, 'no-api') });
    expect(discovered.counts.kept).toBe(400);

    const indexed = await runIndex({ dataDir: root, k: 5 });
    expect(indexed.counts.vectors).toBe(400);
    expect(JSON.parse(readFileSync(dataPaths(root).indexIds, 'utf8'))).toEqual(files.ids);
  }, 60_000);
});
