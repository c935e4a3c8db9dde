import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { openDatabase } from '../../lib/db/client';
import { objects } from '../../lib/db/schema';
import { listShards, readShards } from '../../lib/embed/shards';
import { runEmbed } from '../../lib/embed/stage';
import { writeTestModel } from '../../lib/embed/test-model';
import { dataPaths } from '../../lib/paths';
import { idsForShard } from '../../lib/pipeline/shard';
import { dot, makeTempDir, SAMPLE_IMAGES } from './fixtures';

// Real objects: the first mapped ids of the sample whose web-large image is bundled.
const models = makeTempDir('embed-model-');
const modelPath = join(models.path, 'test-model.onnx');
let sample: Array<{ id: number; file: string }>;

beforeAll(() => {
  writeTestModel(modelPath);
  const rows = readFileSync(join(process.cwd(), 'sample', 'met-openaccess-images.csv'), 'utf8').trim().split('\n').slice(1);
  sample = rows
    .map((row) => {
      const [id, urlpath] = row.split(',');
      return { id: Number(id), file: join(SAMPLE_IMAGES, urlpath.replace('/original/', '/web-large/')) };
    })
    .filter((row) => {
      try {
        readFileSync(row.file);
        return true;
      } catch {
        return false;
      }
    })
    .sort((a, b) => a.id - b.id)
    .slice(0, 8);
});
afterAll(() => models.remove());

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir('embed-stage-');
});
afterEach(() => temp.remove());

/** Writes WebP thumbnails (long edge 512) as the fetch stage does and inserts 'fetched' rows. */
async function seed(dataDir: string, items: Array<{ id: number; file: string }>) {
  const db = openDatabase(dataPaths(dataDir).database);
  for (const item of items) {
    const thumbPath = join('thumbs', String(item.id % 1000).padStart(3, '0'), `${item.id}.webp`);
    mkdirSync(join(dataDir, 'thumbs', String(item.id % 1000).padStart(3, '0')), { recursive: true });
    await sharp(item.file).rotate().resize(512, 512, { fit: 'inside', withoutEnlargement: true }).webp().toFile(join(dataDir, thumbPath));
    db.insert(objects).values({ id: item.id, title: `object ${item.id}`, status: 'fetched', thumbPath }).run();
  }
  db.$client.close();
}

function statuses(dataDir: string): Record<number, { status: string; failureReason: string | null }> {
  const db = openDatabase(dataPaths(dataDir).database);
  const rows = db.select({ id: objects.id, status: objects.status, failureReason: objects.failureReason }).from(objects).all();
  db.$client.close();
  return Object.fromEntries(rows.map((row) => [row.id, { status: row.status, failureReason: row.failureReason }]));
}

function metaValues(dataDir: string): Record<string, string> {
  const db = openDatabase(dataPaths(dataDir).database);
  const rows = db.$client.prepare('select key, value from meta').all() as Array<{ key: string; value: string }>;
  db.$client.close();
  return Object.fromEntries(rows.map((row) => [row.key, row.value]));
}

function setFetched(dataDir: string, ids: number[]) {
  const db = openDatabase(dataPaths(dataDir).database);
  const update = db.$client.prepare("update objects set status = 'fetched' where id = ?");
  for (const id of ids) update.run(id);
  db.$client.close();
}

function allVectors(dataDir: string): Map<number, Float32Array> {
  const vectors = new Map<number, Float32Array>();
  for (const chunk of readShards(dataPaths(dataDir).shards)) {
    chunk.ids.forEach((id, row) => {
      expect(vectors.has(id)).toBe(false);
      vectors.set(id, chunk.vectors.slice(row * chunk.dimension, (row + 1) * chunk.dimension));
    });
  }
  return vectors;
}

describe('runEmbed', () => {
  it('clip run writes shards and marks embedded', async () => {
    await seed(temp.path, sample);
    const result = await runEmbed({ dataDir: temp.path, embedder: 'clip', modelPath, batchSize: 3, shardSize: 4, intraOpThreads: 1 });

    expect(result.ok).toBe(true);
    expect(result.counts).toMatchObject({ selected: 8, embedded: 8, failed: 0, shardsWritten: 2 });
    expect(listShards(dataPaths(temp.path).shards).map((shard) => shard.stem)).toEqual([
      'job-0000-of-0001.shard-00000',
      'job-0000-of-0001.shard-00001',
    ]);
    const chunks = [...readShards(dataPaths(temp.path).shards)];
    expect(chunks.flatMap((chunk) => chunk.ids)).toEqual(sample.map((item) => item.id));
    const vectors = allVectors(temp.path);
    for (const vector of vectors.values()) expect(dot(vector, vector)).toBeCloseTo(1, 5);
    expect(Object.values(statuses(temp.path)).every((row) => row.status === 'embedded')).toBe(true);

    const meta = metaValues(temp.path);
    expect(meta.embedder).toBe('clip-vit-b32');
    expect(meta.embedding_dimension).toBe('512');
    expect(meta.embedder_model_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('descriptor run needs no model', async () => {
    await seed(temp.path, sample.slice(0, 4));
    const result = await runEmbed({ dataDir: temp.path, embedder: 'descriptor' });
    expect(result.counts).toMatchObject({ selected: 4, embedded: 4, shardsWritten: 1 });
    const [shard] = listShards(dataPaths(temp.path).shards);
    expect(shard).toMatchObject({ embedder: 'descriptor-v1', dimension: 512, count: 4 });
    expect(metaValues(temp.path).embedder).toBe('descriptor-v1');
  });

  it('second run embeds nothing', async () => {
    await seed(temp.path, sample.slice(0, 3));
    await runEmbed({ dataDir: temp.path, embedder: 'descriptor' });
    const again = await runEmbed({ dataDir: temp.path, embedder: 'descriptor' });
    expect(again.counts).toMatchObject({ selected: 0, embedded: 0, shardsWritten: 0, markedEmbeddedFromShards: 0 });
    expect(listShards(dataPaths(temp.path).shards)).toHaveLength(1);
  });

  it('crash after shard write resumes', async () => {
    await seed(temp.path, sample);
    const options = { dataDir: temp.path, embedder: 'clip' as const, modelPath, batchSize: 3, shardSize: 4, intraOpThreads: 1 };
    await runEmbed(options);
    const clean = allVectors(temp.path);
    const [first, second] = listShards(dataPaths(temp.path).shards);

    // Crash A: the first shard is complete but the database update never ran.
    const firstIds = [...readShards(dataPaths(temp.path).shards)][0].ids;
    // Crash B: the second shard's sidecar was never written, and so neither was the update.
    rmSync(second.sidecarPath);
    const secondIds = sample.map((item) => item.id).filter((id) => !firstIds.includes(id));
    setFetched(temp.path, [...firstIds, ...secondIds]);

    const result = await runEmbed(options);
    expect(result.counts).toMatchObject({ markedEmbeddedFromShards: 4, incompleteShardsRemoved: 1, selected: 4, embedded: 4, shardsWritten: 1 });
    expect(listShards(dataPaths(temp.path).shards).map((shard) => shard.stem)).toEqual([first.stem, second.stem]);

    const resumed = allVectors(temp.path);
    expect([...resumed.keys()].sort((a, b) => a - b)).toEqual(sample.map((item) => item.id));
    for (const [id, vector] of clean) expect(Array.from(resumed.get(id)!)).toEqual(Array.from(vector));
    expect(Object.values(statuses(temp.path)).every((row) => row.status === 'embedded')).toBe(true);
  });

  it('deleted shards are embedded again', async () => {
    await seed(temp.path, sample.slice(0, 3));
    await runEmbed({ dataDir: temp.path, embedder: 'descriptor' });
    rmSync(dataPaths(temp.path).shards, { recursive: true });
    const result = await runEmbed({ dataDir: temp.path, embedder: 'descriptor' });
    expect(result.counts).toMatchObject({ queuedAgainWithoutShard: 3, embedded: 3 });
  });

  it('corrupt and empty thumbnails fail', async () => {
    await seed(temp.path, sample.slice(0, 4));
    const paths = dataPaths(temp.path);
    const [corrupt, empty, missing] = sample.slice(0, 3).map((item) => item.id);
    writeFileSync(join(paths.thumbnails, String(corrupt % 1000).padStart(3, '0'), `${corrupt}.webp`), 'RIFF0000WEBPVP8 garbage');
    writeFileSync(join(paths.thumbnails, String(empty % 1000).padStart(3, '0'), `${empty}.webp`), '');
    rmSync(join(paths.thumbnails, String(missing % 1000).padStart(3, '0'), `${missing}.webp`));

    const result = await runEmbed({ dataDir: temp.path, embedder: 'descriptor' });
    expect(result.ok).toBe(true);
    expect(result.counts).toMatchObject({ selected: 4, embedded: 1, failed: 3 });
    expect(result.failures).toEqual({ 'decode failed': 2, 'thumbnail missing': 1 });

    const rows = statuses(temp.path);
    expect(rows[corrupt]).toEqual({ status: 'failed', failureReason: 'decode failed: Input buffer has corrupt header: webp: unable to parse image' });
    expect(rows[empty]).toEqual({ status: 'failed', failureReason: 'decode failed: Input Buffer is empty' });
    expect(rows[missing].status).toBe('failed');
    expect(rows[missing].failureReason).toMatch(/^thumbnail missing: ENOENT: no such file or directory, open '.*\.webp'$/);
    expect(rows[sample[3].id].status).toBe('embedded');
  });

  it('other embedder is rejected', async () => {
    await seed(temp.path, sample.slice(0, 2));
    await runEmbed({ dataDir: temp.path, embedder: 'descriptor' });
    setFetched(temp.path, [sample[0].id]);
    const hash = (await import('../../lib/embed/clip')).sha256File;
    await expect(runEmbed({ dataDir: temp.path, embedder: 'clip', modelPath, intraOpThreads: 1 })).rejects.toThrow(
      'this data directory was embedded with descriptor-v1 (model hash descriptor-v1:layout-lab-8x8,hsv-128,edges-4x4x12, 512-d) ' +
        `but this run uses clip-vit-b32 (model hash ${await hash(modelPath)}, 512-d): ` +
        `use a new --data-dir, or delete ${dataPaths(temp.path).shards} to embed everything again`,
    );
  });

  it('job shard and limit restrict the selection', async () => {
    await seed(temp.path, sample);
    const job = { index: 1, count: 2 };
    const expected = idsForShard(sample.map((item) => item.id), job).slice(0, 2);
    const result = await runEmbed({ dataDir: temp.path, embedder: 'descriptor', shard: job, limit: 2 });
    expect(result.counts.embedded).toBe(2);
    const [shard] = listShards(dataPaths(temp.path).shards);
    expect(shard.stem).toBe('job-0001-of-0002.shard-00000');
    expect([...readShards(dataPaths(temp.path).shards)][0].ids).toEqual(expected);
  });

  it('trim can be turned off', async () => {
    await seed(temp.path, sample.slice(0, 4));
    const result = await runEmbed({ dataDir: temp.path, embedder: 'descriptor', trimBackdrop: false });
    expect(result.counts.backdropsTrimmed).toBe(0);
  });
});
