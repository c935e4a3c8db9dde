import { expect, test, type APIRequestContext } from '@playwright/test';

interface ApiPair {
  a: { id: number; title: string; department: string };
  b: { id: number; title: string; department: string };
}

async function firstPair(request: APIRequestContext, query = ''): Promise<ApiPair> {
  const response = await request.get(`/api/pairs?perPage=1${query}`);
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { pairs: ApiPair[] };
  expect(body.pairs.length).toBe(1);
  return body.pairs[0];
}

test('home lists pairs as diptychs', async ({ page }) => {
  await page.goto('/');
  const cards = page.getByTestId('pair-card');
  await expect(cards.first()).toBeVisible();
  expect(await cards.count()).toBeGreaterThan(1);

  const images = cards.first().locator('img');
  await expect(images).toHaveCount(2);
  for (const image of await images.all()) {
    expect((await image.getAttribute('alt'))?.length).toBeGreaterThan(3);
    await expect.poll(() => image.evaluate((element: HTMLImageElement) => element.naturalWidth)).toBeGreaterThan(0);
  }
  await expect(cards.first().getByRole('listitem').filter({ hasText: '% similar' })).toHaveCount(1);
});

test('paging keeps the URL', async ({ page }) => {
  await page.goto('/?sort=similarity');
  await page.getByRole('link', { name: 'Next →' }).click();
  await expect(page).toHaveURL(/\?sort=similarity&page=2$/);
  await expect(page.getByText(/^Page 2 of \d+$/)).toBeVisible();
});

test('filters change URL and results', async ({ page }) => {
  await page.goto('/');
  const before = await page.getByTestId('pair-total').textContent();

  await page.getByRole('checkbox', { name: 'Department' }).check();
  await page.getByLabel('Minimum years apart').fill('100');
  await page.getByRole('button', { name: 'Apply filters' }).click();

  await expect(page).toHaveURL(/minYears=100/);
  await expect(page).toHaveURL(/cross=department/);
  await expect(page.getByTestId('pair-total')).not.toHaveText(before ?? '');
  await expect(page.getByRole('checkbox', { name: 'Department' })).toBeChecked();

  const cards = page.getByTestId('pair-card');
  const count = await cards.count();
  expect(count).toBeGreaterThan(0);
  for (let index = 0; index < count; index += 1) {
    await expect(cards.nth(index).getByText('different department', { exact: true })).toBeVisible();
  }
});

test('artwork page shows neighbours', async ({ page, request }) => {
  const pair = await firstPair(request);
  await page.goto('/');
  await page.getByTestId('pair-card').first().getByRole('link', { name: pair.a.title, exact: true }).click();

  await expect(page).toHaveURL(new RegExp(`/object/${pair.a.id}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(pair.a.title);
  await expect(page.getByRole('link', { name: /metmuseum\.org/ })).toHaveAttribute('href', /metmuseum\.org/);
  await expect(page.getByTestId('unlikely-neighbours').getByTestId('neighbour').first()).toBeVisible();
  await expect(page.getByTestId('plain-neighbours').getByTestId('neighbour')).not.toHaveCount(0);
});

test('artwork page keeps home filters', async ({ page }) => {
  await page.goto('/?minYears=100&cross=department');
  await page.getByTestId('pair-card').first().getByRole('heading', { level: 3 }).first().getByRole('link').click();

  await expect(page).toHaveURL(/\/object\/\d+\?minYears=100&cross=department$/);
  await expect(page.getByLabel('Minimum years apart')).toHaveValue('100');
  const neighbours = page.getByTestId('unlikely-neighbours').getByTestId('neighbour');
  const count = await neighbours.count();
  for (let index = 0; index < count; index += 1) {
    await expect(neighbours.nth(index).getByText('different department', { exact: true })).toBeVisible();
  }
});

test('neighbour filters report shortfalls', async ({ page, request }) => {
  const pair = await firstPair(request);
  await page.goto(`/object/${pair.a.id}?minYears=9000&k=6`);
  await expect(page.getByText(/Only 0 of the 6 requested neighbours pass these filters/)).toBeVisible();
});

test('permalink opens directly', async ({ page, request }) => {
  const pair = await firstPair(request);
  await page.goto(`/pair/${pair.a.id}/${pair.b.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(pair.a.title);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(pair.b.title);
  await expect(page.getByRole('link', { name: 'Its neighbours →' })).toHaveCount(2);
  await expect(page.getByRole('button', { name: 'Copy link' })).toBeVisible();
});

test('reversed permalink redirects', async ({ page, request }) => {
  const pair = await firstPair(request);
  await page.goto(`/pair/${pair.b.id}/${pair.a.id}`);
  await expect(page).toHaveURL(new RegExp(`/pair/${pair.a.id}/${pair.b.id}$`));
});

test('share image is a PNG', async ({ page, request }) => {
  const pair = await firstPair(request);
  await page.goto(`/pair/${pair.a.id}/${pair.b.id}`);
  const imageUrl = await page.locator('meta[property="og:image"]').getAttribute('content');
  expect(imageUrl).toBeTruthy();

  const response = await request.get(new URL(imageUrl!).pathname + new URL(imageUrl!).search);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('image/png');
  const bytes = await response.body();
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(bytes.readUInt32BE(16)).toBe(1200);
  expect(bytes.readUInt32BE(20)).toBe(630);
});

test('search finds an artwork', async ({ page, request }) => {
  const pair = await firstPair(request);
  const word = pair.a.title.split(/\s+/).find((part) => /^[\p{L}]{4,}$/u.test(part)) ?? pair.a.title;

  await page.goto('/');
  await page.getByRole('searchbox', { name: 'Search artworks' }).fill(word);
  await page.getByRole('searchbox', { name: 'Search artworks' }).press('Enter');

  await expect(page).toHaveURL(new RegExp(`/search\\?q=${encodeURIComponent(word)}`));
  await expect(page.getByTestId('search-results').locator(`a[href="/object/${pair.a.id}"]`)).toBeVisible();
});

test('unknown artwork gives 404 page', async ({ page }) => {
  const response = await page.goto('/object/999999999');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Not in this collection' })).toBeVisible();
});

test('malformed pair gives 404 page', async ({ page }) => {
  const response = await page.goto('/pair/abc/12');
  expect(response?.status()).toBe(404);
});

test('invalid API parameter gives 400', async ({ request }) => {
  const response = await request.get('/api/pairs?sort=oldest');
  expect(response.status()).toBe(400);
  expect(await response.json()).toEqual({
    error: { code: 'invalid_parameter', message: '"sort" must be one of curated, score, similarity, years; received "oldest".' },
  });
});

test('neighbour API caps k', async ({ request }) => {
  const pair = await firstPair(request);
  const response = await request.get(`/api/objects/${pair.a.id}/neighbours?k=500`);
  expect(response.status()).toBe(400);
  expect((await response.json()).error.message).toBe('"k" must be an integer from 1 to 100; received "500".');
});

test('unknown API id gives 404', async ({ request }) => {
  const response = await request.get('/api/objects/999999999');
  expect(response.status()).toBe(404);
  expect((await response.json()).error.code).toBe('not_found');
});

test('thumbnails are cached long', async ({ request }) => {
  const pair = await firstPair(request);
  const response = await request.get(`/api/thumbs/${pair.a.id}`);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('image/webp');
  expect(response.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
});

test('random twin opens a pair', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: 'Random twin' }).click();
  await expect(page).toHaveURL(/\/pair\/\d+\/\d+$/);
});

test('keyboard reaches the search box', async ({ page }) => {
  await page.goto('/about');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await page.getByRole('searchbox', { name: 'Search artworks' }).focus();
  const outline = await page.getByRole('searchbox', { name: 'Search artworks' }).evaluate((element) => getComputedStyle(element).outlineStyle);
  expect(outline).toBe('solid');
});

test('about page reads counts', async ({ page }) => {
  await page.goto('/about');
  const indexed = page.getByTestId('coverage').locator('div').filter({ hasText: 'In the vector index' }).locator('dd');
  await expect(indexed).toHaveText(/^[1-9][\d,]* \(\d+\.\d%\)$/);
});

test('odd inputs never give 500', async ({ request }) => {
  const paths = [
    '/?page=99999',
    '/?minSim=0.9&maxSim=0.1',
    '/?sort=a&sort=b',
    '/?minYears=1e3',
    '/?dept=%00',
    '/object/1e3',
    '/object/00012',
    '/pair/1/1',
    '/pair/99999999999/1',
    `/search?q=${'x'.repeat(300)}`,
    '/search?q=%22NEAR(%20*',
    '/search?q=a&q=b',
    '/api/pairs?minSim=abc',
    '/api/pairs?cross=department,culture',
    '/api/pairs/1/99999999999',
    '/api/objects/-1',
    '/api/objects/1/neighbours?k=abc',
    '/api/search?q=%E2%80%8B',
    '/api/thumbs/abc',
    '/pair/abc/1/opengraph-image',
  ];
  for (const path of paths) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBeLessThan(500);
  }
});
