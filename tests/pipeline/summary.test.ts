import { afterEach, describe, expect, it, vi } from 'vitest';

import { countLabel, printStageSummary } from '../../lib/pipeline/cli';

describe('countLabel', () => {
  it.each([
    ['embedded', 'embedded'],
    ['shardsWritten', 'shards written'],
    ['queuedAgainWithoutShard', 'queued again without shard'],
    ['top30Pairs', 'top30 pairs'],
  ])('spells %s as words', (key, label) => {
    expect(countLabel(key)).toBe(label);
  });
});

describe('printStageSummary', () => {
  afterEach(() => vi.restoreAllMocks());

  it('prints counts as words and failures by reason', () => {
    const print = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    printStageSummary({ stage: 'embed', ok: true, durationMs: 2500, counts: { embedded: 3, shardsWritten: 1 }, failures: { 'file not found': 2 } });

    expect(print.mock.calls[0][0]).toBe(
      ['embed: done in 2.5 s', '  embedded: 3', '  shards written: 1', '  failures by reason:', '    2 × file not found'].join('\n'),
    );
  });
});
