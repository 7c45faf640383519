// Catalog import from the back office: upload a CSV, watch the job's progress to the end and see
// its per-row error report. Skipped while the server has no /api/v1/catalog/imports route.
import { apiAs, expect, shot, signInWithToken, test, token, uniq } from './support';

test('import a CSV and watch the job finish', async ({ page, request }) => {
  test.setTimeout(90_000);
  const doc = await (await request.get('/api/v1/openapi.json')).json();
  test.skip(!doc.paths?.['/api/v1/catalog/imports'] && !doc.paths?.['/catalog/imports'], 'the server has no catalog import route yet');
  const t = await token(request);
  const admin = apiAs(request, t);
  const catalog = await admin.post('/catalogs', { name: uniq('Import catalog'), defaultLanguage: 'en-US', languages: ['en-US'] });
  expect(catalog.status, JSON.stringify(catalog.json)).toBe(201);
  const sku = uniq('IMP').toUpperCase();
  // docs/import-format.md: `sku` is the upsert key and required; the third row lacks it.
  const csv = ['sku,name,productType,isActive', `${sku}-1,Imported tent,Physical,true`, `${sku}-2,Imported stove,Physical,true`, `,Row without sku,Physical,true`].join('\n');

  await signInWithToken(page, t);
  await page.goto(`/catalogs/${catalog.json.id}/show`);
  await page.getByRole('button', { name: 'Import' }).click();
  await page.getByTestId('import-file').setInputFiles({ name: 'products.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.getByTestId('import-file-name')).toContainText('products.csv');
  await page.getByRole('button', { name: 'Upload and import' }).click();
  await expect(page.getByTestId('job-watch')).toBeVisible();
  await expect(page.getByTestId('job-progress')).toBeVisible();
  await expect(page.getByTestId('job-status')).toHaveAttribute('data-status', /succeeded|failed/, { timeout: 30_000 });
  await expect(page.getByTestId('job-errors')).toBeVisible();
  await shot(page, 'catalog-import');
  await expect.poll(async () => (await admin.get(`/products?catalogId=${catalog.json.id}&q=${sku}`)).json.total).toBe(2);
});

// Until the server has the route, the dialog is checked against the documented shape with the
// import route and its job answered by the test (202 + Location, then the job's progress and its
// per-row errors). Skipped once the real route exists (the test above covers it then).
test('import dialog follows the job and shows its error report (documented API shape, answered by the test)', async ({ page, request }) => {
  const doc = await (await request.get('/api/v1/openapi.json')).json();
  test.skip(!!doc.paths?.['/api/v1/catalog/imports'], 'the real import route is tested above');
  const t = await token(request);
  const admin = apiAs(request, t);
  const catalog = await admin.post('/catalogs', { name: uniq('Mock import catalog'), defaultLanguage: 'en-US', languages: ['en-US'] });
  expect(catalog.status, JSON.stringify(catalog.json)).toBe(201);

  await page.route('**/api/v1/openapi.json', async (route) => {
    const res = await route.fetch();
    const json = await res.json();
    json.paths['/api/v1/catalog/imports'] = { post: { summary: 'Import (test double)' } };
    json.paths['/api/v1/catalog/exports'] = { post: { summary: 'Export (test double)' } };
    await route.fulfill({ response: res, json });
  });
  let uploaded: { contentType?: string; body?: string; url?: string } = {};
  await page.route('**/api/v1/catalog/imports**', async (route) => {
    const req = route.request();
    uploaded = { contentType: req.headers()['content-type'], body: req.postData() ?? '', url: req.url() };
    await route.fulfill({ status: 202, headers: { Location: '/api/v1/jobs/test-import-1' }, json: { id: 'test-import-1', type: 'catalog.import', status: 'queued' } });
  });
  let polls = 0;
  await page.route('**/api/v1/jobs/test-import-1', async (route) => {
    polls += 1;
    const running = polls < 3;
    await route.fulfill({
      json: {
        id: 'test-import-1',
        type: 'catalog.import',
        status: running ? 'running' : 'succeeded',
        progress: { done: running ? 1 : 3, total: 3 },
        errors: running ? [] : [{ ref: 'line 4', message: 'code is required' }],
        errorCount: running ? 0 : 1,
        result: running ? {} : { created: 2, updated: 0, failed: 1 },
      },
    });
  });

  await signInWithToken(page, t);
  await page.goto(`/catalogs/${catalog.json.id}/show`);
  await page.getByRole('button', { name: 'Import' }).click();
  const csv = 'code,name\nA-1,Tent\nA-2,Stove\n,No code\n';
  await page.getByTestId('import-file').setInputFiles({ name: 'products.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: 'Upload and import' }).click();
  await expect(page.getByTestId('job-watch')).toBeVisible();
  await expect(page.getByTestId('job-progress')).toBeVisible();
  await expect(page.getByTestId('job-status')).toHaveAttribute('data-status', 'succeeded', { timeout: 15_000 });
  await expect(page.getByTestId('job-errors')).toContainText('code is required');
  await expect(page.getByTestId('job-watch')).toContainText('3 / 3');
  expect(uploaded.contentType).toBe('text/csv');
  expect(uploaded.body).toBe(csv);
  expect(uploaded.url).toContain(`catalogId=${catalog.json.id}`);
  await shot(page, 'catalog-import-dialog');
});

test('export dialog starts the job and downloads its file (documented API shape, answered by the test)', async ({ page, request }) => {
  const doc = await (await request.get('/api/v1/openapi.json')).json();
  test.skip(!!doc.paths?.['/api/v1/catalog/exports'], 'the real export route exists');
  const t = await token(request);
  await page.route('**/api/v1/openapi.json', async (route) => {
    const res = await route.fetch();
    const json = await res.json();
    json.paths['/api/v1/catalog/exports'] = { post: { summary: 'Export (test double)' } };
    await route.fulfill({ response: res, json });
  });
  let asked: any;
  await page.route('**/api/v1/catalog/exports', async (route) => {
    asked = route.request().postDataJSON();
    await route.fulfill({ status: 202, headers: { Location: '/api/v1/jobs/test-export-1' }, json: { id: 'test-export-1', type: 'catalog.export', status: 'queued' } });
  });
  await page.route('**/api/v1/jobs/test-export-1', (route) =>
    route.fulfill({
      json: { id: 'test-export-1', type: 'catalog.export', status: 'succeeded', progress: { done: 5, total: 5 }, errors: [], result: { count: 5, downloadUrl: '/api/v1/catalog/exports/test-export-1/file' } },
    }),
  );
  let auth = '';
  await page.route('**/api/v1/catalog/exports/test-export-1/file', async (route) => {
    auth = route.request().headers().authorization ?? '';
    await route.fulfill({ status: 200, contentType: 'text/csv', body: 'code,name\nA-1,Tent\n' });
  });

  await signInWithToken(page, t);
  await page.goto('/products');
  await expect(page.getByRole('button', { name: 'Export' })).toHaveCount(1);
  await page.getByRole('button', { name: 'Export' }).click();
  await page.getByRole('button', { name: 'Start export' }).click();
  await expect(page.getByTestId('job-status')).toHaveAttribute('data-status', 'succeeded');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download the file' }).click();
  expect((await download).suggestedFilename()).toBe('catalog-export.csv');
  expect(asked).toEqual({ format: 'csv' });
  expect(auth).toMatch(/^Bearer /);
  await shot(page, 'catalog-export-dialog');
});
