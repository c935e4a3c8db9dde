import { Command, InvalidArgumentError, Option } from 'commander';

import { logger } from '../log';
import { DEFAULT_DATA_DIR } from '../paths';
import type { StageResult } from './types';

/** Creates a commander program with the options every stage shares: --data-dir (DATA_DIR). */
export function stageCommand(name: string, description: string): Command {
  return new Command(name)
    .description(description)
    .addOption(
      new Option('--data-dir <dir>', 'folder for the database, thumbnails, shards and index')
        .env('DATA_DIR')
        .default(DEFAULT_DATA_DIR),
    )
    .showHelpAfterError(`(run with --help for the options)`);
}

/**
 * Parses a whole number option. An invalid value raises commander's InvalidArgumentError, so the CLI
 * prints one usage line naming the option and the allowed range instead of a stack trace.
 */
export function parseIntegerOption(name: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `of ${min} or more` : `from ${min} to ${max}`;
      throw new InvalidArgumentError(`${name} must be a whole number ${range}.`);
    }
    return parsed;
  };
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

/** Spells a camelCase count name as lower-case words for the summary: `shardsWritten` → `shards written`. */
export function countLabel(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

/** Prints a stage's counts and failures grouped by reason to stdout. */
export function printStageSummary(result: StageResult): void {
  const lines = [`${result.stage}: ${result.ok ? 'done' : 'FAILED'} in ${formatDuration(result.durationMs)}`];
  for (const [key, value] of Object.entries(result.counts)) lines.push(`  ${countLabel(key)}: ${value}`);
  const failures = Object.entries(result.failures).sort((a, b) => b[1] - a[1]);
  if (failures.length > 0) {
    lines.push('  failures by reason:');
    for (const [reason, count] of failures) lines.push(`    ${count} × ${reason}`);
  }
  console.log(lines.join('\n'));
}

/** Runs a stage CLI: prints the summary, logs an uncaught error, and sets the exit code. */
export async function runStageCli(run: () => Promise<StageResult>): Promise<void> {
  try {
    const result = await run();
    printStageSummary(result);
    process.exitCode = result.ok ? 0 : 1;
  } catch (error) {
    reportCliError(error);
    process.exitCode = 1;
  }
}

/**
 * Prints a CLI's fatal error as one plain line on stderr. The stack goes to the log at debug level
 * (LOG_LEVEL=debug shows it), because the message already names the value and the fix.
 */
export function reportCliError(error: unknown, prefix = 'error'): void {
  const message = error instanceof Error ? error.message : String(error);
  logger.debug({ err: error }, message);
  console.error(`${prefix}: ${message}`);
}
