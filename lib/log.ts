import pino from 'pino';
import pretty from 'pino-pretty';

/**
 * Project logger; logs go to stderr so that CLIs can print summaries and JSON on stdout.
 * On a terminal (outside the Next.js server) lines are formatted for people and the default level is
 * warn, because progress bars and summaries already show progress. Elsewhere (pipes, CI, servers)
 * they are JSON at info. LOG_LEVEL sets the level in every case. Tests default to error, because the
 * fault tests provoke warnings on purpose; LOG_LEVEL=warn shows them.
 */
const onTerminal = Boolean(process.stderr.isTTY) && !process.env.NEXT_RUNTIME && !process.env.VITEST;
function defaultLevel(): string {
  if (process.env.VITEST) return 'error';
  return onTerminal ? 'warn' : 'info';
}

const level = process.env.LOG_LEVEL ?? defaultLevel();

export const logger = onTerminal
  ? pino({ level, base: undefined }, pretty({ destination: 2, sync: true, colorize: true, ignore: 'pid,hostname' }))
  : pino({ level, base: undefined }, pino.destination(2));

export function childLogger(component: string) {
  return logger.child({ component });
}
