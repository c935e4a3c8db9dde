import pino from 'pino';

/**
 * Project logger. Logs go to stderr so that CLIs can print summaries and JSON on stdout.
 * LOG_LEVEL sets the level (default info; tests use warn).
 */
export const logger = pino(
  { level: process.env.LOG_LEVEL ?? (process.env.VITEST ? 'warn' : 'info'), base: undefined },
  pino.destination(2),
);

export function childLogger(component: string) {
  return logger.child({ component });
}
