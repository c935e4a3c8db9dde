import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

function runCli(env: Record<string, string>) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/discover.ts'], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('discover CLI', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'met-discover-cli-'));
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('reads its settings from the environment', () => {
    const { status, stdout } = runCli({
      DATA_DIR: dataDir,
      MET_CSV_URL: 'sample/MetObjects.csv',
      MET_IMAGE_MAP_URL: 'sample/met-openaccess-images.csv',
      MET_API_BASE_URL: 'sample/api',
      DISCOVER_LIMIT: '12',
    });
    expect(status).toBe(0);
    expect(stdout).toMatch(/^discover: done in /);
    expect(stdout).toContain('\n  kept: 12\n');
    expect(stdout).toContain('\n  inserted: 12\n');
  });

  it('exits 1 on a missing source', () => {
    const { status, stderr } = runCli({ DATA_DIR: dataDir, MET_CSV_URL: 'sample/none.csv', MET_IMAGE_MAP_URL: 'sample/met-openaccess-images.csv' });
    expect(status).toBe(1);
    expect(stderr).toContain('error: source file not found: sample/none.csv; give an existing file or an http(s) URL');
  });
});
