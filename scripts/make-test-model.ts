/**
 * Writes the small CLIP-shaped ONNX test model (see lib/embed/test-model.ts), so the CLIP code
 * path can run without the real weights: `tsx scripts/make-test-model.ts [path]`.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

import { writeTestModel } from '../lib/embed/test-model';

const path = resolve(process.argv[2] ?? 'models/test-clip-shaped.onnx');
mkdirSync(dirname(path), { recursive: true });
writeTestModel(path);
console.log(`wrote ${path}`);
