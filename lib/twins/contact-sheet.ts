/**
 * A contact sheet of the top twins: each pair's thumbnails side by side with a caption, composed with
 * sharp. Captions are SVG text rendered by librsvg, so they use whatever sans-serif font fontconfig finds.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import sharp, { type OverlayOptions } from 'sharp';

import type { TopPair } from './top-list';

const THUMB = 200; // px, each side of a thumbnail's box
const GAP = 8; // px between the two thumbnails of a pair
const CAPTION = 64; // px of caption under each pair
const MARGIN = 16; // px around each pair cell
const COLUMNS = 3;
const CELL_WIDTH = 2 * THUMB + GAP + 2 * MARGIN;
const CELL_HEIGHT = THUMB + CAPTION + 2 * MARGIN;

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (char) => `&#${char.charCodeAt(0)};`);
}

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

function captionSvg(pair: TopPair): Buffer {
  const lines = [
    `#${pair.topRank}  score ${pair.score.toFixed(3)}  similarity ${pair.similarity.toFixed(3)}`,
    `${truncate(pair.a.title || '(untitled)', 30)}  |  ${truncate(pair.b.title || '(untitled)', 30)}`,
    truncate(pair.reasons.slice(0, 2).join('; '), 64),
  ];
  const text = lines
    .map((line, index) => `<text x="0" y="${16 + index * 18}">${escapeXml(line)}</text>`)
    .join('');
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * THUMB + GAP}" height="${CAPTION}">` +
      `<style>text { font: 12px sans-serif; fill: #222; }</style>${text}</svg>`,
  );
}

/** Returns the thumbnail fitted into a THUMB-sided white box, or a light grey box when it is missing. */
async function thumbnailTile(dataDir: string, thumbPath: string | null): Promise<Buffer> {
  const background = { r: 255, g: 255, b: 255, alpha: 1 };
  const path = thumbPath ? join(dataDir, thumbPath) : null;
  if (!path || !existsSync(path)) {
    return sharp({ create: { width: THUMB, height: THUMB, channels: 3, background: { r: 230, g: 230, b: 230 } } })
      .png()
      .toBuffer();
  }
  return sharp(path).resize(THUMB, THUMB, { fit: 'contain', background }).flatten({ background }).png().toBuffer();
}

/** Writes a PNG contact sheet of `pairs` (best first) to `outputPath` and returns its size in pixels. */
export async function writeContactSheet(
  dataDir: string,
  pairs: readonly TopPair[],
  outputPath: string,
): Promise<{ width: number; height: number }> {
  const rows = Math.max(1, Math.ceil(pairs.length / COLUMNS));
  const width = COLUMNS * CELL_WIDTH;
  const height = rows * CELL_HEIGHT;
  const layers: OverlayOptions[] = [];

  for (const [index, pair] of pairs.entries()) {
    const left = (index % COLUMNS) * CELL_WIDTH + MARGIN;
    const top = Math.floor(index / COLUMNS) * CELL_HEIGHT + MARGIN;
    layers.push({ input: await thumbnailTile(dataDir, pair.a.thumbPath), left, top });
    layers.push({ input: await thumbnailTile(dataDir, pair.b.thumbPath), left: left + THUMB + GAP, top });
    layers.push({ input: captionSvg(pair), left, top: top + THUMB + 4 });
  }

  await sharp({ create: { width, height, channels: 3, background: { r: 250, g: 250, b: 248 } } })
    .composite(layers)
    .png()
    .toFile(outputPath);
  return { width, height };
}
