import cliProgress from 'cli-progress';

import { logger } from '../log';

export interface Progress {
  increment(by?: number): void;
  setTotal(total: number): void;
  stop(): void;
}

const BAR_FORMAT = '[{bar}] {percentage}% | {value}/{total} | {rate}/s | ETA {eta_formatted}';

// Stages that run at the same time (fetch and embed) share one set of terminal lines, one bar each.
let bars: cliProgress.MultiBar | null = null;
let activeBars = 0;

function terminalBars(): cliProgress.MultiBar {
  if (!bars) {
    bars = new cliProgress.MultiBar(
      { stream: process.stderr, hideCursor: true, etaBuffer: 200, clearOnComplete: false },
      cliProgress.Presets.shades_classic,
    );
  }
  activeBars += 1;
  return bars;
}

function releaseBar(): void {
  activeBars -= 1;
  if (activeBars > 0 || !bars) return;
  bars.stop();
  bars = null;
}

/**
 * Shows a progress bar with rate and ETA on a terminal. Elsewhere (CI, pipes) it logs one line
 * every `logEveryMs` milliseconds instead, so logs stay readable.
 */
export function startProgress(stage: string, total: number, options: { logEveryMs?: number } = {}): Progress {
  const startedAt = Date.now();
  let done = 0;

  if (process.stderr.isTTY && !process.env.CI && !process.env.VITEST) {
    const bar = terminalBars().create(total, 0, { rate: '0.0' }, { format: `${stage.padEnd(8)} ${BAR_FORMAT}` });
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
        releaseBar();
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
