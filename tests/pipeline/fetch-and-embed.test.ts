import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ObjectRow } from '@/lib/db/schema';
import { readShardIds } from '@/lib/embed/shards';
import { writeTestModel } from '@/lib/embed/test-model';
import { dataPaths } from '@/lib/paths';
import { runFetchAndEmbed } from '@/lib/pipeline/run';
import type { StageResult } from '@/lib/pipeline/types';
import { cdnPath, pickSampleImages, readObjects, seededDataDir, TEST_HTTP } from '../fetch/cases';
import { startMetServer, type MetServer } from '../helpers/met-server';

const { present, missing } = pickSampleImages(10, 2);
// Fetched long after the embed stage started, so only a stage that follows the fetch embeds it.
const late = present[0];

describe('runFetchAndEmbed', () => {
  let server: MetServer;
  let dataDir: string;
  let fetched: StageResult;
  let embedded: StageResult;
  let rows: ObjectRow[];

  beforeAll(async () => {
    server = await startMetServer();
    server.addFault((path) => (path === cdnPath(late) ? { kind: 'delay', ms: 1_200 } : undefined));
    dataDir = seededDataDir([...present, ...missing]);
    const modelPath = join(dataDir, 'test-model.onnx');
    writeTestModel(modelPath);

    [fetched, embedded] = await runFetchAndEmbed(
      { dataDir, imageBaseUrl: server.imageBaseUrl, concurrency: 4, http: { ...TEST_HTTP, timeoutMs: 5_000 } },
      { dataDir, embedder: 'clip', modelPath, batchSize: 4, shardSize: 3 },
    );
    rows = readObjects(dataDir);
  });
  afterAll(async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('embeds every fetched object', () => {
    expect(rows.filter((row) => row.status === 'embedded').map((row) => row.id).sort((a, b) => a - b)).toEqual(present.map((image) => image.id).sort((a, b) => a - b));
    expect(rows.filter((row) => row.status === 'failed').map((row) => row.id).sort((a, b) => a - b)).toEqual(missing.map((image) => image.id).sort((a, b) => a - b));
  });

  it('embeds the object fetched last', () => {
    expect(rows.find((row) => row.id === late.id)?.status).toBe('embedded');
  });

  it('writes each id to one shard', () => {
    const ids = readShardIds(dataPaths(dataDir).shards);
    expect(ids).toHaveLength(present.length);
    expect(new Set(ids).size).toBe(present.length);
  });

  it('reports both stages', () => {
    expect(fetched.counts).toMatchObject({ fetched: present.length });
    expect(embedded.counts).toMatchObject({ selected: present.length, embedded: present.length, failed: 0 });
  });
});
