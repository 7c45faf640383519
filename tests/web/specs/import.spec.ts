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
  const csv = ['code,name,productType,isActive', `${sku}-1,Imported tent,Physical,true`, `${sku}-2,Imported stove,Physical,true`, `,Row without code,Physical,true`].join('\n');

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
