/**
 * Serve benchmark: the neighbours API of `next start` on a large index under 64 concurrent
 * connections (autocannon, loopback), against a bare in-process faiss-node search of the same depth.
 * Needs a production build (`next build`) and a DATA_DIR with an index (generate-collection + index).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';

import autocannon from 'autocannon';
import faiss from 'faiss-node';

import { describeMachine, percentile, report, timed } from '../../lib/bench/measure';
import { SEARCH_DEPTH } from '../../lib/gallery/neighbours';
import { openVectorFile } from '../../lib/index/vectors';
import { dataPaths } from '../../lib/paths';
import { seededRandom } from '../../lib/random';
import { processTreeMaxRssKiB } from './rss';

export interface ServeBenchOptions {
  dataDir: string;
  port: number;
  connections: number;
  durationSeconds: number;
}

async function waitForServer(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 500));
  }
  throw new Error(`the server did not return 200 for ${url} within ${timeoutMs} ms; check that next build has run and the DATA_DIR has an index`);
}

/** Returns the latencies (ms) of `queries` sequential bare searches of stored vectors, `depth` results each. */
async function bareSearchLatencies(dataDir: string, ids: number[], depth: number, queries: number): Promise<number[]> {
  const paths = dataPaths(dataDir);
  const index = faiss.Index.read(paths.index);
  const vectors = openVectorFile(paths.vectors);
  const random = seededRandom(3);
  const latencies: number[] = [];
  for (let i = 0; i < queries; i++) {
    const row = Math.floor(random() * ids.length);
    const query = Array.from(vectors.readRows(row, 1));
    const { ms } = await timed(() => index.search(query, depth));
    latencies.push(ms);
  }
  vectors.close();
  return latencies;
}

export async function runServeBench(options: ServeBenchOptions): Promise<void> {
  console.log(`serve benchmark: ${options.dataDir}, ${options.connections} connections, ${options.durationSeconds} s; ${describeMachine()}`);
  const paths = dataPaths(options.dataDir);
  const ids = JSON.parse(readFileSync(paths.indexIds, 'utf8')) as number[];
  const base = `http://127.0.0.1:${options.port}`;

  // `npm start`, as users run it (with its heap settings), in its own process group so that the
  // whole tree can be stopped.
  const server: ChildProcess = spawn('npm', ['start', '--', '-H', '127.0.0.1', '-p', String(options.port)], {
    env: { ...process.env, DATA_DIR: paths.root, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  try {
    // The first request loads the index, so it is waited for and not measured.
    await waitForServer(`${base}/api/objects/${ids[0]}/neighbours`, 180_000);
    const random = seededRandom(5);
    const latencies: number[] = [];
    const instance = autocannon({
      url: base,
      connections: options.connections,
      duration: options.durationSeconds,
      timeout: 120, // seconds; a slow response is measured as latency, not counted as an error
      requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: `/api/objects/${ids[Math.floor(random() * ids.length)]}/neighbours` }) }],
    });
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
    const result = await instance;
    const serverRssKiB = processTreeMaxRssKiB(server.pid!);

    const bare = await bareSearchLatencies(options.dataDir, ids, Math.min(SEARCH_DEPTH, ids.length), 200);
    const indexBytes = statSync(paths.index).size;
    const bareP95 = percentile(bare, 95);
    report(`serve: GET /api/objects/<id>/neighbours on ${ids.length} objects`, {
      requests: result.requests.total,
      timeouts: result.timeouts,
      'non-2xx responses': result.non2xx,
      'connection errors': result.errors,
      'requests/s': result.requests.average,
      'p50 (ms)': percentile(latencies, 50),
      'p95 (ms)': percentile(latencies, 95),
      'p99 (ms)': percentile(latencies, 99),
      'bare faiss-node search p50 (ms), sequential': percentile(bare, 50),
      'bare faiss-node search p95 (ms), sequential': bareP95,
      'ratio p95 / bare p95 (target <= 1.5)': percentile(latencies, 95) / bareP95,
      'bare p95 × connections (ms): queueing bound of one thread': bareP95 * options.connections,
      'server max RSS (MiB)': serverRssKiB / 1024,
      'index.faiss (MiB)': indexBytes / 2 ** 20,
      'server RSS / index size (target < 1.5)': (serverRssKiB * 1024) / indexBytes,
    });
  } finally {
    process.kill(-server.pid!, 'SIGTERM');
  }
}
