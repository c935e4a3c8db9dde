/**
 * Discover stage CLI: streams MetObjects.csv, keeps public-domain objects with an image, and writes
 * them to the database as 'pending'. `npm run discover -- --help` lists the options.
 */
import { Option } from 'commander';

import { runDiscover } from '../lib/discover/stage';
import { DEFAULT_HTTP_OPTIONS } from '../lib/http/client';
import { DEFAULT_API_BASE_URL, MET_API_REQUESTS_PER_SECOND } from '../lib/met/api';
import { DEFAULT_CSV_URL, DEFAULT_IMAGE_MAP_URL } from '../lib/met/source';
import { parseIntegerOption, runStageCli, stageCommand } from '../lib/pipeline/cli';

const program = stageCommand('discover', 'Find public-domain Met objects with an image and record them as pending')
  .addOption(new Option('--csv <path-or-url>', 'MetObjects.csv, a local file or an http(s) URL').env('MET_CSV_URL').default(DEFAULT_CSV_URL))
  .addOption(
    new Option('--image-map <path-or-url>', 'the id,urlpath image map, a local file or an http(s) URL')
      .env('MET_IMAGE_MAP_URL')
      .default(DEFAULT_IMAGE_MAP_URL),
  )
  .addOption(
    new Option('--api-base-url <url-or-folder>', 'Collection API base URL, or a folder laid out like sample/api')
      .env('MET_API_BASE_URL')
      .default(DEFAULT_API_BASE_URL),
  )
  .addOption(new Option('--no-api-fallback', 'skip objects missing from the image map instead of asking the Collection API').env('MET_NO_API_FALLBACK'))
  .addOption(
    new Option('--limit <n>', 'keep at most n public-domain objects with an image (0 = all)')
      .argParser(parseIntegerOption('--limit', 0))
      .env('DISCOVER_LIMIT')
      .default(0),
  )
  .addOption(
    new Option('--limit-mode <mode>', 'with --limit: first (the first n in CSV order) or spread (an even, fixed subset of the whole CSV)')
      .choices(['first', 'spread'])
      .env('DISCOVER_LIMIT_MODE')
      .default('first'),
  )
  .addOption(
    new Option('--api-requests-per-second <n>', 'Collection API request starts per second (the Met allows 80)')
      .argParser(parseIntegerOption('--api-requests-per-second', 1, MET_API_REQUESTS_PER_SECOND))
      .env('MET_API_REQUESTS_PER_SECOND')
      .default(MET_API_REQUESTS_PER_SECOND),
  )
  .addOption(
    new Option('--api-concurrency <n>', 'Collection API lookups in flight at once')
      .argParser(parseIntegerOption('--api-concurrency', 1, 256))
      .env('MET_API_CONCURRENCY')
      .default(16),
  )
  .addOption(
    new Option('--timeout-ms <ms>', 'time limit of one Collection API attempt, in milliseconds')
      .argParser(parseIntegerOption('--timeout-ms', 1))
      .env('MET_API_TIMEOUT_MS')
      .default(DEFAULT_HTTP_OPTIONS.timeoutMs),
  )
  .addOption(
    new Option('--max-attempts <n>', 'attempts per Collection API request before the object is counted as failed')
      .argParser(parseIntegerOption('--max-attempts', 1, 100))
      .env('MET_API_MAX_ATTEMPTS')
      .default(DEFAULT_HTTP_OPTIONS.maxAttempts),
  )
  .addOption(new Option('--no-download-cache', 'stream https sources every time instead of caching them under DATA_DIR/downloads').env('MET_NO_DOWNLOAD_CACHE'))
  .addOption(
    new Option('--batch-size <n>', 'objects written per database transaction')
      .argParser(parseIntegerOption('--batch-size', 1, 100_000))
      .env('DISCOVER_BATCH_SIZE')
      .default(1000),
  );

program.parse();
const options = program.opts<{
  dataDir: string;
  csv: string;
  imageMap: string;
  apiBaseUrl: string;
  apiFallback: boolean;
  limit: number;
  limitMode: 'first' | 'spread';
  apiRequestsPerSecond: number;
  apiConcurrency: number;
  timeoutMs: number;
  maxAttempts: number;
  downloadCache: boolean;
  batchSize: number;
}>();

await runStageCli(() =>
  runDiscover({
    dataDir: options.dataDir,
    csv: options.csv,
    imageMap: options.imageMap,
    apiBaseUrl: options.apiBaseUrl,
    useApiFallback: options.apiFallback,
    limit: options.limit,
    limitMode: options.limitMode,
    cacheDownloads: options.downloadCache,
    batchSize: options.batchSize,
    apiConcurrency: options.apiConcurrency,
    http: {
      requestsPerSecondPerHost: options.apiRequestsPerSecond,
      timeoutMs: options.timeoutMs,
      maxAttempts: options.maxAttempts,
    },
  }),
);
