// Search in the back office: the index status page with a rebuild followed live, and the product
// list's search mode with facets. The tests against the real API skip while the server has no
// search API (GET /api/v1/search/indexes answers 404); meanwhile the pages are checked to degrade
// to a clear notice, and against the documented API shape answered by the test.
import { type APIRequestContext, type Page } from '@playwright/test';
import { apiAs, expect, shot, signInWithToken, test, token, type Token } from './support';

async function hasSearchApi(request: APIRequestContext, t: Token): Promise<boolean> {
  const res = await apiAs(request, t).get('/search/indexes');
  return res.status !== 404;
}

test.describe('with the search API', () => {
  test('the index page lists every index and rebuilds the product index with live progress', async ({ page, request }) => {
    test.setTimeout(120_000);
    const t = await token(request);
    test.skip(!(await hasSearchApi(request, t)), 'the server has no search API yet (GET /api/v1/search/indexes is 404)');
    const admin = apiAs(request, t);
    const indexes = (await admin.get('/search/indexes')).json.items as { type: string; documents: number }[];
    expect(indexes.map((i) => i.type)).toContain('product');

    await signInWithToken(page, t);
    await page.goto('/');
    await page.getByRole('menuitem', { name: 'Search index' }).click();
    const row = page.getByTestId('index-row-product');
    await expect(row).toBeVisible();
    const products = indexes.find((i) => i.type === 'product')!;
    await expect(row.getByTestId('documents')).not.toHaveText('0');
    expect(products.documents).toBeGreaterThan(0);
    await row.getByRole('button', { name: 'Rebuild Products' }).click();
    await expect(page.getByTestId('job-watch')).toBeVisible();
    await expect(page.getByTestId('job-progress').first()).toBeVisible();
    await expect(page.getByTestId('job-watch').getByTestId('job-status')).toHaveAttribute('data-status', 'succeeded', { timeout: 90_000 });
    await shot(page, 'search-indexes');
  });

  test('the product list searches with facets', async ({ page, request }) => {
    test.setTimeout(90_000);
    const t = await token(request);
    test.skip(!(await hasSearchApi(request, t)), 'the server has no search API yet (GET /api/v1/search/indexes is 404)');
    await signInWithToken(page, t);
    await page.goto('/products');
    await page.getByRole('button', { name: 'Search & facets' }).click();
    await expect(page).toHaveURL(/\/search\/products$/);
    const sidebar = page.getByTestId('facet-sidebar').first();
    const catalogFacet = sidebar.getByTestId('facet-catalog');
    await expect(catalogFacet).toBeVisible();
    await expect(page.getByRole('row').nth(1)).toBeVisible();
    const before = await page.locator('.MuiTablePagination-displayedRows').innerText();

    // Ticking the Electronics catalog filters by it (filter=catalog:electronics).
    const asked = page.waitForRequest((r) => r.url().includes('/api/v1/search/products') && new URL(r.url()).searchParams.get('filter') === 'catalog:electronics');
    await catalogFacet.getByRole('checkbox', { name: /^Electronics\b[\s\d,.]*$/ }).check();
    await asked;
    await expect(page.getByTestId('search-filter')).toHaveText('catalog:electronics');
    await expect(page.getByRole('row').nth(1)).toBeVisible();
    await page.getByRole('textbox', { name: 'Search' }).fill('drone');
    await expect(page.locator('.MuiTablePagination-displayedRows')).not.toHaveText(before);
    await shot(page, 'product-search');
  });
});

test.describe('without the search API', () => {
  test.use({ allowHttpErrors: [404] });

  test('the search pages say search is not available', async ({ page, request }) => {
    const t = await token(request);
    test.skip(await hasSearchApi(request, t), 'the server has the search API');
    await signInWithToken(page, t);
    await page.goto('/');
    await expect(page.getByRole('menuitem', { name: 'Products' })).toBeVisible();
    await expect(page.getByRole('menuitem', { name: 'Search index' })).toHaveCount(0);
    await page.goto('/search/indexes');
    await expect(page.getByTestId('search-unavailable')).toContainText('Search is not available');
    await page.goto('/search/products');
    await expect(page.getByTestId('search-unavailable')).toBeVisible();
    await page.goto('/products');
    await expect(page.getByRole('row').nth(1)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Search & facets' })).toHaveCount(0);
    await shot(page, 'search-unavailable');
  });

  /** Answers the documented search API (src/modules/search/README.md, section API) in the page. */
  async function answerSearchApi(page: Page) {
    await page.route('**/api/v1/openapi.json', async (route) => {
      const res = await route.fetch();
      const json = await res.json();
      json.paths['/api/v1/search/indexes'] = { get: { summary: 'Index status (test double)' } };
      json.paths['/api/v1/search/indexes/{type}/rebuild'] = { post: { summary: 'Rebuild (test double)' } };
      json.paths['/api/v1/search/products'] = { get: { summary: 'Product search (test double)' } };
      await route.fulfill({ response: res, json });
    });
    let rebuilding = false;
    await page.route('**/api/v1/search/indexes', (route) =>
      route.fulfill({
        json: {
          items: [
            { type: 'product', documents: 2000, deleted: 12, terms: 9000, memoryBytes: 7_340_032, lastRebuildAt: '2026-11-28T01:00:00Z', lastUpdateAt: new Date().toISOString(), lagMillis: 40, pending: 0, rebuilding },
            { type: 'category', documents: 60, deleted: 0, terms: 300, memoryBytes: 65_536, lastRebuildAt: null, lastUpdateAt: null, lagMillis: null, pending: 0, rebuilding: false },
          ],
          total: 2,
        },
      }),
    );
    await page.route('**/api/v1/search/indexes/product/rebuild', async (route) => {
      rebuilding = true;
      await route.fulfill({ status: 202, headers: { Location: '/api/v1/jobs/test-rebuild-1' }, json: { id: 'test-rebuild-1', type: 'search.rebuild', status: 'queued' } });
    });
    let polls = 0;
    await page.route('**/api/v1/jobs/test-rebuild-1', (route) => {
      polls += 1;
      const done = polls >= 3;
      if (done) rebuilding = false;
      return route.fulfill({ json: { id: 'test-rebuild-1', type: 'search.rebuild', status: done ? 'succeeded' : 'running', progress: { done: done ? 2000 : 800, total: 2000 }, errors: [], result: done ? { documents: 2000 } : {} } });
    });
    const filters: string[] = [];
    await page.route((url) => url.pathname === '/api/v1/search/products', (route) => {
      const url = new URL(route.request().url());
      const filter = url.searchParams.get('filter') ?? '';
      filters.push(filter);
      const all = [
        { id: 'p1', code: 'AC-1', type: 'product', catalogId: 'electronics', name: { 'en-US': 'Acme drone' }, isActive: true, prices: { 'demo-usd': { currency: 'USD', list: 199, sale: null } }, stock: { 'main-warehouse': 5 } },
        { id: 'p2', code: 'OT-1', type: 'product', catalogId: 'electronics', name: { 'en-US': 'Other speaker' }, isActive: true, prices: {}, stock: {} },
        { id: 'p3', code: 'ZZ-1', type: 'product', catalogId: 'electronics', name: { 'en-US': 'Zeta lamp' }, isActive: false },
      ];
      const items = filter.startsWith('brand:') ? all.slice(0, 2) : all;
      return route.fulfill({
        json: {
          items,
          total: items.length,
          facets: [
            { name: 'brand', type: 'terms', values: [ { value: 'Acme Inc', label: 'Acme Inc', count: 1 }, { value: 'Other', label: 'Other', count: 1 }, { value: 'Zeta', label: 'Zeta', count: 1 } ] },
            { name: 'inStock', type: 'terms', values: [ { value: 'true', label: 'true', count: 1 }, { value: 'false', label: 'false', count: 2 } ] },
          ],
        },
      });
    });
    return { filters };
  }

  test('the index page and the facets follow the documented API shape (answered by the test)', async ({ page, request }) => {
    const t = await token(request);
    test.skip(await hasSearchApi(request, t), 'the real search API is tested above');
    const { filters } = await answerSearchApi(page);
    await signInWithToken(page, t);
    await page.goto('/');
    await page.getByRole('menuitem', { name: 'Search index' }).click();
    const row = page.getByTestId('index-row-product');
    await expect(row).toContainText('2,000');
    await expect(row).toContainText('7 MB');
    await expect(page.getByTestId('index-row-category')).toContainText('Never');
    await row.getByRole('button', { name: 'Rebuild Products' }).click();
    await expect(page.getByTestId('job-watch')).toBeVisible();
    await expect(page.getByTestId('job-watch').getByTestId('job-status')).toHaveAttribute('data-status', 'succeeded', { timeout: 15_000 });
    await expect(page.getByTestId('job-watch')).toContainText('2,000 / 2,000');
    await shot(page, 'search-indexes-documented-shape');

    await page.goto('/products');
    await page.getByRole('button', { name: 'Search & facets' }).click();
    const sidebar = page.getByTestId('facet-sidebar').first();
    await expect(sidebar.getByTestId('facet-brand')).toBeVisible();
    await sidebar.getByRole('checkbox', { name: /Acme Inc/ }).check();
    await sidebar.getByRole('checkbox', { name: /Other/ }).check();
    await expect(page.getByTestId('search-filter')).toHaveText('brand:"Acme Inc",Other');
    await sidebar.getByTestId('facet-inStock').getByRole('checkbox', { name: /Yes/ }).check();
    await expect(page.getByTestId('search-filter')).toHaveText('brand:"Acme Inc",Other inStock:true');
    await expect.poll(() => filters[filters.length - 1]).toBe('brand:"Acme Inc",Other inStock:true');
    await expect(page.getByRole('row').filter({ hasText: 'Acme drone' })).toContainText('$199.00');
    await expect(page.getByRole('row').filter({ hasText: 'Zeta lamp' })).toHaveCount(0);
    await shot(page, 'product-search-documented-shape');
    await page.getByRole('row').filter({ hasText: 'Acme drone' }).click();
    await expect(page).toHaveURL(/\/products\/p1$/);
  });
});
