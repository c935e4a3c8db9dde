import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';

/**
 * Search by words and by picture. The default server's index uses the weight-free descriptor, which
 * has no text tower. The server on E2E_SEARCH_PORT serves a CLIP-embedded index with the generated
 * text model (tests/e2e/search-setup.ts).
 */
const CLIP_BASE = `http://127.0.0.1:${process.env.E2E_SEARCH_PORT}`;
const PHOTO = readFileSync(join('sample', 'CRDImages', 'ad', 'web-large', 'DT2892.jpg'));
const SCREENSHOTS = 'test-results/screenshots';

async function choose(page: Page, name: string, mimeType: string, buffer: Buffer) {
  await page.getByTestId('image-input').setInputFiles({ name, mimeType, buffer });
}

/** Scrolls through the page so lazy images load, then waits until every image has settled. */
async function loadImages(page: Page): Promise<void> {
  for (let y = 0; y < (await page.evaluate(() => document.body.scrollHeight)); y += 600) {
    await page.evaluate((top) => window.scrollTo(0, top), y);
    await page.waitForTimeout(30);
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  await expect.poll(() => page.evaluate(() => [...document.images].filter((image) => !image.complete).length)).toBe(0);
}

/** The upload's error notice; Next.js adds an empty alert region of its own for route announcements. */
function uploadError(page: Page) {
  return page.getByRole('alert').and(page.locator('p'));
}

test('descriptor index says text search is unavailable', async ({ page }) => {
  await page.goto('/search');
  await expect(page.getByTestId('text-search-unavailable')).toHaveText(
    'Searching by description is unavailable: this index was built with the descriptor-v1 embedder, which has no text model. ' +
      'The box above searches titles, artists, cultures, object types, media and accession numbers instead.',
  );
  await expect(page.getByRole('radio', { name: 'What it looks like' })).toHaveCount(0);
});

test('descriptor index answers a text link with metadata search', async ({ page }) => {
  await page.goto('/search?q=portrait&mode=text');
  await expect(page.getByTestId('search-summary')).toContainText('match “portrait” in title, artist, culture, object type, medium or accession number.');
});

test('text query returns artworks', async ({ page }) => {
  await page.goto(`${CLIP_BASE}/search`);
  await page.getByRole('radio', { name: 'What it looks like' }).check();
  await page.locator('#page-search').fill('a blue vase with birds');
  await page.locator('#page-search').press('Enter');

  await expect(page).toHaveURL(/\/search\?q=a\+blue\+vase\+with\+birds&mode=text/);
  const results = page.getByTestId('text-search-results').getByTestId('search-match');
  await expect(results).toHaveCount(20);
  await expect(results.first().locator('a')).toHaveAttribute('href', /^\/object\/\d+$/);
});

test('text query link can be shared', async ({ page }) => {
  await page.goto(`${CLIP_BASE}/search?q=portrait&mode=text&from=1700&to=1900`);
  await expect(page.getByTestId('text-search-summary')).toContainText('The artworks that look most like “portrait”');
  await expect(page.getByRole('radio', { name: 'What it looks like' })).toBeChecked();
  await expect(page.getByLabel('From year')).toHaveValue('1700');
});

test('upload returns nearest artworks', async ({ page }) => {
  await page.goto(`${CLIP_BASE}/search`);
  await choose(page, 'vase.jpg', 'image/jpeg', PHOTO);

  const results = page.getByTestId('image-results');
  await expect(results.getByTestId('search-match').first()).toBeVisible();
  await expect(results.getByTestId('search-match').first().locator('a')).toHaveAttribute('href', /^\/object\/\d+$/);
  await expect(results.getByRole('heading', { name: 'Unlikely look-alikes' })).toBeVisible();
  const thumbnail = results.getByTestId('search-match').first().locator('img');
  await expect.poll(() => thumbnail.evaluate((image: HTMLImageElement) => image.naturalWidth)).toBeGreaterThan(0);
});

test('upload works on the descriptor index', async ({ page }) => {
  await page.goto('/search');
  await choose(page, 'vase.jpg', 'image/jpeg', PHOTO);
  await expect(page.getByTestId('image-results').getByTestId('search-match').first()).toBeVisible();
});

test('too-large upload shows its message', async ({ page }) => {
  await page.goto(`${CLIP_BASE}/search`);
  // 11 MiB that start like a JPEG: the server rejects the request by its length, before decoding.
  const buffer = Buffer.concat([PHOTO.subarray(0, 3), Buffer.alloc(11 * 1024 * 1024 - 3)]);
  await choose(page, 'huge.jpg', 'image/jpeg', buffer);
  await expect(uploadError(page)).toHaveText('The image is 11.0 MB; the limit is 10 MB. Resize or recompress it and upload it again.');
});

test('non-image upload shows its message', async ({ page }) => {
  await page.goto(`${CLIP_BASE}/search`);
  await choose(page, 'notes.txt', 'text/plain', Buffer.from('A list of artworks to see.\n'));
  await expect(uploadError(page)).toHaveText('The file is not a supported image (found text); upload a JPEG, PNG, WebP or GIF.');
});

test('search screenshots at desktop and phone widths', async ({ page }) => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const [device, width] of Object.entries({ desktop: 1280, phone: 390 })) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`${CLIP_BASE}/search?q=a+blue+vase&mode=text`);
    await expect(page.getByTestId('search-match').first()).toBeVisible();
    await choose(page, 'vase.jpg', 'image/jpeg', PHOTO);
    await expect(page.getByTestId('image-results')).toBeVisible();
    await loadImages(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `search at ${width} px overflows sideways by ${overflow} px`).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SCREENSHOTS}/search-text-${device}.png`, fullPage: true });

    await page.goto('/search');
    await loadImages(page);
    await page.screenshot({ path: `${SCREENSHOTS}/search-descriptor-${device}.png`, fullPage: true });
  }
});
