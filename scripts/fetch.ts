import { InvalidArgumentError, Option } from 'commander';

import { DEFAULT_HTTP_OPTIONS } from '../lib/http/client';
import { DEFAULT_FETCH_CONCURRENCY, runFetch } from '../lib/fetch/stage';
import { RENDITIONS, type Rendition } from '../lib/fetch/source';
import { logger } from '../lib/log';
import { DEFAULT_IMAGE_BASE_URL } from '../lib/met/cdn';
import { parseIntegerOption, runStageCli, stageCommand } from '../lib/pipeline/cli';
import { parseShard, type ShardSpec } from '../lib/pipeline/shard';

/** Makes commander print a parser's message as a usage error instead of a stack trace. */
function usageErrors<T>(parse: (value: string) => T): (value: string) => T {
  return (value) => {
    try {
      return parse(value);
    } catch (error) {
      throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
    }
  };
}

const program = stageCommand('fetch', 'Download, validate and thumbnail the image of every pending object')
  .addOption(
    new Option('--image-base-url <url>', 'image CDN base URL, or a local folder laid out like sample/CRDImages')
      .env('IMAGE_BASE_URL')
      .default(DEFAULT_IMAGE_BASE_URL),
  )
  .addOption(new Option('--rendition <name>', 'CDN rendition to download').choices(RENDITIONS).env('IMAGE_RENDITION').default('web-large'))
  .addOption(
    new Option('--concurrency <n>', 'objects downloaded and decoded at once')
      .argParser(usageErrors(parseIntegerOption('--concurrency', 1, 256)))
      .env('FETCH_CONCURRENCY')
      .default(DEFAULT_FETCH_CONCURRENCY),
  )
  .addOption(new Option('--limit <n>', 'fetch at most n objects, lowest ids first').argParser(usageErrors(parseIntegerOption('--limit', 1))).env('FETCH_LIMIT'))
  .addOption(new Option('--retry-failed', 'also fetch the objects whose earlier fetch failed').env('FETCH_RETRY_FAILED'))
  .addOption(new Option('--shard <i/n>', 'fetch only shard i of n (0-based), for parallel jobs').argParser(usageErrors(parseShard)).env('FETCH_SHARD'))
  .addOption(
    new Option('--requests-per-second <n>', 'request starts per second to one host')
      .argParser(usageErrors(parseIntegerOption('--requests-per-second', 1, 1000)))
      .env('FETCH_REQUESTS_PER_SECOND')
      .default(DEFAULT_HTTP_OPTIONS.requestsPerSecondPerHost),
  )
  .addOption(
    new Option('--timeout-ms <ms>', 'time limit of one download attempt, in milliseconds')
      .argParser(usageErrors(parseIntegerOption('--timeout-ms', 1)))
      .env('FETCH_TIMEOUT_MS')
      .default(DEFAULT_HTTP_OPTIONS.timeoutMs),
  )
  .addOption(
    new Option('--max-attempts <n>', 'attempts per image before it is recorded as failed')
      .argParser(usageErrors(parseIntegerOption('--max-attempts', 1, 100)))
      .env('FETCH_MAX_ATTEMPTS')
      .default(DEFAULT_HTTP_OPTIONS.maxAttempts),
  )
  .addOption(new Option('--user-agent <text>', 'User-Agent header sent to the CDN').env('FETCH_USER_AGENT').default(DEFAULT_HTTP_OPTIONS.userAgent));

program.parse();
const options = program.opts<{
  dataDir: string;
  imageBaseUrl: string;
  rendition: Rendition;
  concurrency: number;
  limit?: number;
  retryFailed?: boolean;
  shard?: ShardSpec;
  requestsPerSecond: number;
  timeoutMs: number;
  maxAttempts: number;
  userAgent: string;
}>();

// The first Ctrl-C (or SIGTERM) lets the stage stop cleanly: objects in flight stay pending for the next run.
const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    logger.warn({ signal }, 'fetch: stopping; objects in flight stay pending');
    controller.abort();
  });
}

await runStageCli(() =>
  runFetch({
    dataDir: options.dataDir,
    imageBaseUrl: options.imageBaseUrl,
    rendition: options.rendition,
    concurrency: options.concurrency,
    limit: options.limit,
    retryFailed: Boolean(options.retryFailed),
    shard: options.shard,
    signal: controller.signal,
    http: {
      requestsPerSecondPerHost: options.requestsPerSecond,
      timeoutMs: options.timeoutMs,
      maxAttempts: options.maxAttempts,
      userAgent: options.userAgent,
    },
  }),
);
