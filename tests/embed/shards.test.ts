import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { readNpy } from '../../lib/embed/npy';
import { listShards, nextShardSequence, readShardIds, readShards, removeIncompleteShards, shardStem, writeShard } from '../../lib/embed/shards';
import { makeTempDir } from './fixtures';

let temp: ReturnType<typeof makeTempDir>;
let dir: string;
const job = { index: 0, count: 1 };

beforeEach(() => {
  temp = makeTempDir('shards-');
  dir = join(temp.path, 'shards');
});
afterEach(() => temp.remove());

function write(sequence: number, ids: number[], options: { embedder?: string; dimension?: number; job?: { index: number; count: number } } = {}) {
  const dimension = options.dimension ?? 4;
  const vectors = Float32Array.from({ length: ids.length * dimension }, (_, i) => i / 10);
  return writeShard({
    directory: dir,
    job: options.job ?? job,
    sequence,
    embedder: options.embedder ?? 'descriptor-v1',
    modelHash: 'hash-1',
    dimension,
    ids,
    vectors,
  });
}

describe('shards', () => {
  it('names are zero-padded and include the job', () => {
    expect(shardStem({ index: 2, count: 16 }, 7)).toBe('job-0002-of-0016.shard-00007');
  });

  it('writeShard writes vectors, ids and sidecar', () => {
    const shard = write(0, [11, 12, 13]);
    expect(readdirSync(dir).sort()).toEqual([
      'job-0000-of-0001.shard-00000.ids.npy',
      'job-0000-of-0001.shard-00000.json',
      'job-0000-of-0001.shard-00000.vectors.npy',
    ]);
    expect(readNpy(shard.vectorsPath).shape).toEqual([3, 4]);
    const ids = readNpy(shard.idsPath);
    expect(ids.dtype).toBe('int64');
    expect(Array.from(ids.data as BigInt64Array)).toEqual([11n, 12n, 13n]);
    const sidecar = JSON.parse(readFileSync(shard.sidecarPath, 'utf8'));
    expect(sidecar).toMatchObject({ embedder: 'descriptor-v1', modelHash: 'hash-1', dimension: 4, count: 3, job });
    expect(Number.isNaN(Date.parse(sidecar.created))).toBe(false);
  });

  it('writeShard rejects a wrong dimension', () => {
    expect(() =>
      writeShard({ directory: dir, job, sequence: 0, embedder: 'x', modelHash: 'h', dimension: 4, ids: [1, 2], vectors: new Float32Array(10) }),
    ).toThrow('shard job-0000-of-0001.shard-00000 has dimension 5 but 4 was expected');
  });

  it('shard without sidecar is not listed', () => {
    write(0, [1]);
    const second = write(1, [2]);
    rmSync(second.sidecarPath);
    expect(listShards(dir).map((shard) => shard.stem)).toEqual(['job-0000-of-0001.shard-00000']);
    expect(readShardIds(dir)).toEqual([1]);
  });

  it('removeIncompleteShards deletes only own job', () => {
    write(0, [1]);
    const own = write(1, [2]);
    const other = write(0, [3], { job: { index: 1, count: 2 } });
    rmSync(own.sidecarPath);
    rmSync(other.sidecarPath);
    writeFileSync(join(dir, '.job-0000-of-0001.shard-00002.ids.npy.123.tmp'), 'partial');

    expect(removeIncompleteShards(dir, job)).toEqual(['job-0000-of-0001.shard-00001']);
    expect(existsSync(own.vectorsPath)).toBe(false);
    expect(existsSync(own.idsPath)).toBe(false);
    expect(existsSync(other.vectorsPath)).toBe(true);
    expect(readdirSync(dir).some((name) => name.endsWith('.tmp'))).toBe(false);
  });

  it('nextShardSequence continues after the last', () => {
    expect(nextShardSequence(dir, job)).toBe(0);
    write(0, [1]);
    write(1, [2]);
    write(5, [3], { job: { index: 1, count: 2 } });
    expect(nextShardSequence(dir, job)).toBe(2);
  });

  it('readShards yields chunks in name order', () => {
    write(1, [30, 40]);
    write(0, [10, 20]);
    const chunks = [...readShards(dir)];
    expect(chunks.map((chunk) => chunk.ids)).toEqual([[10, 20], [30, 40]]);
    expect(chunks[0].dimension).toBe(4);
    expect(chunks[0].vectors.length).toBe(8);
    expect(chunks[0].vectors[5]).toBeCloseTo(0.5, 6);
  });

  it('readShards rejects mixed embedders', () => {
    write(0, [1]);
    write(1, [2], { embedder: 'clip-vit-b32', dimension: 8 });
    expect(() => [...readShards(dir)]).toThrow(
      'shards were made by different embedders: job-0000-of-0001.shard-00000 (embedder descriptor-v1, model hash hash-1, 4-d) ' +
        'and job-0000-of-0001.shard-00001 (embedder clip-vit-b32, model hash hash-1, 8-d); ' +
        'delete the shards folder or use a new --data-dir before embedding again',
    );
  });

  it('readShards rejects a sidecar that disagrees', () => {
    const shard = write(0, [1, 2]);
    const sidecar = JSON.parse(readFileSync(shard.sidecarPath, 'utf8'));
    writeFileSync(shard.sidecarPath, JSON.stringify({ ...sidecar, count: 3 }));
    expect(() => [...readShards(dir)]).toThrow(`${shard.idsPath} contains 2 ids but the shard has 2 vectors and its sidecar says 3`);
  });

  it('missing folder lists nothing', () => {
    expect(listShards(join(temp.path, 'absent'))).toEqual([]);
    expect([...readShards(join(temp.path, 'absent'))]).toEqual([]);
  });
});
