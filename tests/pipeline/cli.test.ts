import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('pipeline CLI', () => {
  it('rejects a curate k above the index k', () => {
    const dataDir = join(tmpdir(), `met-pipeline-cli-${process.pid}`);
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/pipeline.ts', '--offline', '--k', '100', '--curate-k', '150'], {
      env: { ...process.env, LOG_LEVEL: 'warn', DATA_DIR: dataDir },
      encoding: 'utf8',
      timeout: 60_000,
    });

    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      'pipeline: error: --curate-k 150 exceeds --k 100: the index keeps only 100 neighbours per object; raise --k or lower --curate-k',
    );
    expect(existsSync(dataDir)).toBe(false);
  });
});
