import { createServer } from 'node:net';
import { defineConfig, devices } from '@playwright/test';

/** Asks the OS for a free loopback port, so parallel runs on one machine never collide. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

// The config is evaluated again in every worker; the port chosen first travels to them in the environment.
if (!process.env.E2E_PORT) process.env.E2E_PORT = String(await freePort());
// A second server serves a CLIP-embedded index for the text search tests (tests/e2e/search-setup.ts).
if (!process.env.E2E_SEARCH_PORT) process.env.E2E_SEARCH_PORT = String(await freePort());

export default defineConfig({
  testDir: 'tests/e2e',
  globalSetup: './tests/e2e/global-setup.ts',
  outputDir: 'test-results/playwright',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${process.env.E2E_PORT}`,
    headless: true,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu'],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], channel: undefined } }],
});
