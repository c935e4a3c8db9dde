/**
 * Memory benchmark: peak RSS of the fetch and embed stages as child processes over a large
 * collection's database, at two amounts of work. Peak RSS that does not grow with the images
 * processed shows that neither stage keeps images in memory. The loopback server returns one sample
 * image for every path, so the run needs no image set of the collection's size.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { describeMachine, report, timed } from '../../lib/bench/measure';
import { writeTestModel } from '../../lib/embed/test-model';
import { dataPaths } from '../../lib/paths';
import { BUNDLED_SAMPLE_DIR } from '../../lib/pipeline/sources';
import { serveFolder } from './static-server';

const run = promisify(execFile);

export interface MemoryBenchOptions {
  dataDir: string;
  limits: number[];
}

/** Runs a stage CLI under GNU time and returns its peak RSS in MiB and its wall time in seconds. */
async function stagePeak(script: string, dataDir: string, args: string[]): Promise<{ mib: number; seconds: number }> {
  const output = join(dataDir, `${script}.time`);
  const { ms } = await timed(() =>
    run('/usr/bin/time', ['-f', '%M', '-o', output, process.execPath, '--import', 'tsx', `scripts/${script}.ts`, '--data-dir', dataDir, ...args], {
      env: { ...process.env, LOG_LEVEL: 'warn' },
      maxBuffer: 64 * 2 ** 20,
    }),
  );
  return { mib: Number(readFileSync(output, 'utf8').trim().split('\n').pop()) / 1024, seconds: ms / 1000 };
}

export async function runMemoryBench(options: MemoryBenchOptions): Promise<void> {
  console.log(`memory benchmark: database of ${options.dataDir}, limits ${options.limits.join(', ')}; ${describeMachine()}`);
  const sampleImage = join(BUNDLED_SAMPLE_DIR, 'CRDImages', 'ep', 'web-large');
  const server = await serveFolder(sampleImage, { fallbackFile: true });
  const rows: Record<string, string> = {};

  try {
    for (const limit of options.limits) {
      const work = mkdtempSync(join(tmpdir(), 'met-bench-memory-'));
      try {
        copyFileSync(dataPaths(options.dataDir).database, dataPaths(work).database);
        const model = join(work, 'test-model.onnx');
        writeTestModel(model);

        const fetch = await stagePeak('fetch', work, ['--image-base-url', server.url, '--limit', String(limit), '--requests-per-second', '1000']);
        const embed = await stagePeak('embed', work, ['--embedder', 'clip', '--model-path', model, '--limit', String(limit)]);
        rows[`fetch, ${limit} images: peak RSS MiB (s)`] = `${fetch.mib.toFixed(0)} (${fetch.seconds.toFixed(1)})`;
        rows[`embed, ${limit} images: peak RSS MiB (s)`] = `${embed.mib.toFixed(0)} (${embed.seconds.toFixed(1)})`;
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    }
  } finally {
    await server.close();
  }
  report('memory: peak RSS of fetch and embed over the large database', rows);
}
