import { mkdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';

/**
 * Full-page screenshots of every page at desktop and phone widths, for a person to review in
 * test-results/screenshots. Each also checks that nothing overflows the viewport sideways.
 */
const WIDTHS = { desktop: 1280, phone: 390 };
const DIRECTORY = 'test-results/screenshots';

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
      await page.goto(path, { waitUntil: 'networkidle' });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${path} at ${width} px overflows sideways by ${overflow} px`).toBeLessThanOrEqual(0);
      await page.screenshot({ path: `${DIRECTORY}/${name}-${device}.png`, fullPage: true });
    }
  }
});
