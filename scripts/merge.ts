/**
 * Reducer of a distributed run: merges map jobs' DATA_DIRs (database rows, shards, thumbnails) into
 * the main DATA_DIR. See docs/distributed.md. Example:
 *   npm run merge -- --data-dir ./data --jobs /shared/jobs/job-0 /shared/jobs/job-1
 */
import { Option } from 'commander';

import { mergeJobs } from '../lib/merge/merge';
import { runStageCli, stageCommand } from '../lib/pipeline/cli';

const program = stageCommand('merge', 'Merge the DATA_DIRs of distributed fetch + embed jobs into the main DATA_DIR')
  .addOption(new Option('--jobs <dirs...>', 'each map job\'s DATA_DIR (database, shards/, thumbs/)').env('MERGE_JOBS').makeOptionMandatory())
  .addOption(new Option('--no-thumbnails', 'leave thumbnails in the job folders instead of copying them').env('MERGE_NO_THUMBNAILS'));

program.parse();
const options = program.opts<{ dataDir: string; jobs: string[] | string; thumbnails: boolean }>();
// From the environment the list arrives as one space-separated string.
const jobDirs = typeof options.jobs === 'string' ? options.jobs.split(/\s+/).filter(Boolean) : options.jobs;

await runStageCli(async () => {
  const startedAt = Date.now();
  const result = mergeJobs({ dataDir: options.dataDir, jobDirs, copyThumbnails: options.thumbnails });
  return { stage: 'merge', counts: { ...result }, failures: {}, durationMs: Date.now() - startedAt, ok: true };
});
