/** Shared fixtures for the embed tests: temp folders and real images from the bundled sample. */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SAMPLE_IMAGES = join(process.cwd(), 'sample', 'CRDImages');

export function makeTempDir(prefix: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Paths of the sample's web-large images in one department, sorted by name. */
export function sampleImages(department: string): string[] {
  const folder = join(SAMPLE_IMAGES, department, 'web-large');
  return readdirSync(folder)
    .sort()
    .map((name) => join(folder, name));
}

export function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}
