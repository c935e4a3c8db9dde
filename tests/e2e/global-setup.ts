/**
 * Builds the data the browser tests read and serves the gallery on loopback:
 * 1. runs the offline pipeline on the bundled sample into a temporary DATA_DIR (or reuses E2E_DATA_DIR);
 * 2. runs `next build` (skipped when E2E_SKIP_BUILD=1 and a build exists);
 * 3. starts `next start` on 127.0.0.1:E2E_PORT and waits until it responds;
 * 4. starts a second server on E2E_SEARCH_PORT over a CLIP-embedded index for text search (search-setup.ts).
 * Returns the teardown that stops the server and removes the temporary data.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { prepareSearchData } from './search-setup';

const ROOT = process.cwd();
const BIN = join(ROOT, 'node_modules', '.bin');

function run(command: string, args: string[], env: NodeJS.ProcessEnv): void {
  const started = Date.now();
  const result = spawnSync(join(BIN, command), args, { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed with exit code ${result.status}`);
  console.log(`e2e setup: ${command} ${args[0]} took ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function waitForServer(url: string, server: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`next start exited with code ${server.exitCode} before answering ${url}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`next start did not answer ${url} within ${timeoutMs / 1000} s`);
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const port = process.env.E2E_PORT;
  if (!port) throw new Error('E2E_PORT is not set; run the tests through playwright.config.ts');
  const searchPort = process.env.E2E_SEARCH_PORT;
  if (!searchPort) throw new Error('E2E_SEARCH_PORT is not set; run the tests through playwright.config.ts');

  const reuse = process.env.E2E_DATA_DIR;
  const dataDir = reuse ?? mkdtempSync(join(tmpdir(), 'met-twins-e2e-'));
  // Image URLs of objects without a local thumbnail go to a closed loopback port, never to the Met.
  const env = { ...process.env, DATA_DIR: dataDir, MET_IMAGE_BASE_URL: 'http://127.0.0.1:9/', NEXT_TELEMETRY_DISABLED: '1', LOG_LEVEL: 'warn' };

  if (!reuse) run('tsx', ['scripts/pipeline.ts', '--offline', '--data-dir', dataDir], env);
  const search = prepareSearchData((args, searchEnv) => run('tsx', ['scripts/pipeline.ts', ...args], searchEnv), env);
  if (process.env.E2E_SKIP_BUILD !== '1' || !existsSync(join(ROOT, '.next', 'BUILD_ID'))) run('next', ['build'], env);

  const server = spawn(join(BIN, 'next'), ['start', '-H', '127.0.0.1', '-p', port], { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] });
  const searchServer = spawn(join(BIN, 'next'), ['start', '-H', '127.0.0.1', '-p', searchPort], {
    cwd: ROOT,
    env: { ...env, ...search.env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  await waitForServer(`http://127.0.0.1:${port}/about`, server, 60_000);
  await waitForServer(`http://127.0.0.1:${searchPort}/about`, searchServer, 60_000);

  return async () => {
    server.kill('SIGTERM');
    searchServer.kill('SIGTERM');
    if (!reuse) rmSync(dataDir, { recursive: true, force: true });
    if (!search.reused) rmSync(search.root, { recursive: true, force: true });
  };
}
