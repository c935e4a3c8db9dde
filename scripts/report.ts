import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Option } from 'commander';

import { openDatabase } from '../lib/db/client';
import { DEFAULT_DATA_DIR, dataPaths } from '../lib/paths';
import { parseIntegerOption } from '../lib/pipeline/cli';
import { writeContactSheet } from '../lib/twins/contact-sheet';
import { readTopPairs, topListFigures } from '../lib/twins/top-list';

const program = new Command('curate:report')
  .description('Print the top visual twins with their reasons and diversity figures, and write a contact sheet')
  .addOption(new Option('--data-dir <dir>', 'folder for the database, thumbnails and reports').env('DATA_DIR').default(DEFAULT_DATA_DIR))
  .addOption(
    new Option('--top <count>', 'pairs to print and to put on the contact sheet')
      .argParser(parseIntegerOption('--top', 1, 1000))
      .env('REPORT_TOP')
      .default(30),
  )
  .showHelpAfterError();

program.parse();
const options = program.opts<{ dataDir: string; top: number }>();
const paths = dataPaths(options.dataDir);

const percent = (share: number) => `${Math.round(share * 100)}%`;

try {
  if (!existsSync(paths.database)) throw new Error(`${paths.database} is missing: run the pipeline, or set --data-dir`);
  const db = openDatabase(paths.database, { readonly: true });
  const top = readTopPairs(db, options.top);
  db.$client.close();
  if (top.length === 0) throw new Error(`no top list in ${paths.database}: run the curate stage first`);

  for (const pair of top) {
    console.log(`#${pair.topRank}  score ${pair.score.toFixed(3)}  similarity ${pair.similarity.toFixed(3)}  cluster ${pair.cluster}`);
    console.log(`    ${pair.a.id} ${pair.a.title} (${pair.a.culture || pair.a.department}, ${pair.a.dateText})`);
    console.log(`    ${pair.b.id} ${pair.b.title} (${pair.b.culture || pair.b.department}, ${pair.b.dateText})`);
    console.log(`    ${pair.reasons.join('; ')}`);
  }

  const figures = topListFigures(top, 30);
  const window = Math.min(30, top.length);
  console.log(`\ndistinct objects in the top ${window}: ${figures.distinctObjects} of ${2 * window}`);
  console.log(`largest cluster share of the top ${window}: ${percent(figures.largestClusterShare)}`);
  console.log(`top ${window} pairs crossing two or more boundaries: ${percent(figures.multiBoundaryShare)}`);

  mkdirSync(paths.reports, { recursive: true });
  const sheetPath = join(paths.reports, 'contact-sheet.png');
  const size = await writeContactSheet(paths.root, top.slice(0, 30), sheetPath);
  console.log(`contact sheet: ${sheetPath} (${size.width}×${size.height})`);
} catch (error) {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
