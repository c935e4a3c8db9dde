/**
 * `npm run model:download`: fetches the CLIP ViT-B/32 vision model (ONNX) from Hugging Face,
 * resuming an interrupted download, and checks its SHA-256. With --text it fetches the text
 * model's model.onnx and tokenizer.json instead.
 */
import { Command, Option } from 'commander';

import { DEFAULT_MODELS_DIR, downloadModel } from '../lib/embed/download';
import { CLIP_VIT_B32 } from '../lib/embed/models';
import { reportCliError } from '../lib/pipeline/cli';
import { downloadTextModel } from '../lib/text/download';
import { CLIP_VIT_B32_TEXT } from '../lib/text/model';

const program = new Command('model:download')
  .description('Download the CLIP vision ONNX model')
  .addOption(new Option('--url <url>', 'where to download the model from').env('CLIP_MODEL_URL').default(CLIP_VIT_B32.downloadUrl))
  .addOption(new Option('--output-dir <dir>', 'folder the model is saved in').env('MODELS_DIR').default(DEFAULT_MODELS_DIR))
  .addOption(
    new Option('--sha256 <hex>', 'expected SHA-256 of the file (default: the hash recorded in lib/embed/models.ts, if any)').env('CLIP_MODEL_SHA256'),
  )
  .addOption(
    new Option('--text', `download the CLIP text model (model.onnx and tokenizer.json) into <output-dir>/${CLIP_VIT_B32_TEXT.directoryName}/ instead`)
      .env('CLIP_TEXT_MODEL')
      .default(false),
  )
  .addOption(
    new Option('--text-url <url>', 'base URL that serves the text model files (default: the Hugging Face repository)').env('CLIP_TEXT_MODEL_URL'),
  )
  .showHelpAfterError(`(run with --help for the options)`);

program.parse();
const options = program.opts<{ url: string; outputDir: string; sha256?: string; text: boolean; textUrl?: string }>();

try {
  if (options.text) {
    for (const result of await downloadTextModel({ baseUrl: options.textUrl, modelsDir: options.outputDir })) {
      console.log(`${result.downloaded ? 'downloaded' : 'already present'}: ${result.path} (${result.bytes} bytes)`);
      console.log(`sha256: ${result.sha256}${result.verified ? ' (verified)' : ' (not verified: no expected hash is known; check it against the published file)'}`);
    }
  } else {
    const result = await downloadModel({ url: options.url, outputDir: options.outputDir, sha256: options.sha256 });
    console.log(`${result.downloaded ? 'downloaded' : 'already present'}: ${result.path} (${result.bytes} bytes)`);
    console.log(`sha256: ${result.sha256}${result.verified ? ' (verified)' : ' (not verified: no expected hash is known; check it against the published file)'}`);
  }
} catch (error) {
  reportCliError(error, 'model:download: error');
  process.exitCode = 1;
}
