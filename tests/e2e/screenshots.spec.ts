import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';

/**
 * Full-page screenshots of every page at desktop and phone widths, for a person to review in
 * test-results/screenshots. Each also checks that nothing overflows the viewport sideways.
 */
const WIDTHS = { desktop: 1280, phone: 390 };
const DIRECTORY = 'test-results/screenshots';

/** Scrolls through the page so lazy images start loading, then waits until every image has settled. */
async function loadAllImages(page: Page): Promise<void> {
  await page.evaluate(async () => {
    for (let y = 0; y < document.body.scrollHeight; y += 600) {
      window.scrollTo(0, y);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    window.scrollTo(0, 0);
  });
  await expect
    .poll(() => page.evaluate(() => [...document.images].filter((image) => !image.complete).length))
    .toBe(0);
}

test('screenshots at desktop and phone widths', async ({ page, request }) => {
  test.setTimeout(180_000);
  mkdirSync(DIRECTORY, { recursive: true });

  const body = (await (await request.get('/api/pairs?perPage=1')).json()) as { pairs: { a: { id: number }; b: { id: number } }[] };
  const { a, b } = body.pairs[0];
  const pages: Record<string, string> = {
    home: '/',
    filtered: '/?cross=department&minYears=100&sort=years',
    object: `/object/${a.id}`,
    pair: `/pair/${a.id}/${b.id}`,
    search: '/search?q=portrait',
    about: '/about',
    'not-found': '/object/999999999',
  };

  for (const [device, width] of Object.entries(WIDTHS)) {
    await page.setViewportSize({ width, height: 900 });
    for (const [name, path] of Object.entries(pages)) {
      await page.goto(path);
      await loadAllImages(page);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${path} at ${width} px overflows sideways by ${overflow} px`).toBeLessThanOrEqual(0);
      await page.screenshot({ path: `${DIRECTORY}/${name}-${device}.png`, fullPage: true });
    }
  }
});
