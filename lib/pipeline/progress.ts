import cliProgress from 'cli-progress';

import { logger } from '../log';

export interface Progress {
  increment(by?: number): void;
  setTotal(total: number): void;
  stop(): void;
}

/**
 * Shows a progress bar with rate and ETA on a terminal. Elsewhere (CI, pipes) it logs one line
 * every `logEveryMs` milliseconds instead, so logs stay readable.
 */
export function startProgress(stage: string, total: number, options: { logEveryMs?: number } = {}): Progress {
  const startedAt = Date.now();
  let done = 0;

  if (process.stderr.isTTY && !process.env.CI && !process.env.VITEST) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${stage.padEnd(8)} [{bar}] {percentage}% | {value}/{total} | {rate}/s | ETA {eta_formatted}`,
        stream: process.stderr,
        hideCursor: true,
        etaBuffer: 200,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { rate: '0.0' });
    return {
      increment(by = 1) {
        done += by;
        const seconds = (Date.now() - startedAt) / 1000;
        bar.increment(by, { rate: seconds > 0 ? (done / seconds).toFixed(1) : '0.0' });
      },
      setTotal(newTotal) {
        bar.setTotal(newTotal);
      },
      stop() {
        bar.stop();
      },
    };
  }

  const logEveryMs = options.logEveryMs ?? 10_000;
  let lastLogAt = startedAt;
  return {
    increment(by = 1) {
      done += by;
      const now = Date.now();
      if (now - lastLogAt < logEveryMs) return;
      lastLogAt = now;
      const rate = done / ((now - startedAt) / 1000);
      const etaSeconds = rate > 0 ? Math.round((total - done) / rate) : null;
      logger.info({ stage, done, total, ratePerSecond: Number(rate.toFixed(1)), etaSeconds }, `${stage} progress`);
    },
    setTotal(newTotal) {
      total = newTotal;
    },
    stop() {},
  };
}
