// The README's screenshot of the product editor (docs/images/product-editor.png, 1280x800).
// Runs only with EMPORION_SCREENSHOTS=1: `EMPORION_SCREENSHOTS=1 tests/web/run.sh build
// readme-screenshot`. Uses a demo product when the server has one, else makes a realistic one.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { apiAs, expect, signInWithToken, test, token } from './support';

test.skip(process.env.EMPORION_SCREENSHOTS !== '1', 'set EMPORION_SCREENSHOTS=1 to refresh the README screenshot');

test('README screenshot of the product editor', async ({ page, request }) => {
  test.setTimeout(60_000);
  const t = await token(request);
  const admin = apiAs(request, t);
  // The demo catalog is the one the seed (user "system") made; tests' catalogs are the admin's.
  const demo = (await admin.get('/catalogs?limit=100')).json.items.find((c: any) => c.createdBy === 'system');
  let product = demo
    ? (await admin.get(`/products?limit=1&catalogId=${demo.id}&isVariation=false&sort=name:asc`)).json.items[0]
    : (await admin.get('/products?code=JKT-STORM-BLK&limit=1')).json.items[0];
  if (!product) {
    const catalog = await admin.post('/catalogs', { name: 'Outdoor', defaultLanguage: 'en-US', languages: ['en-US', 'de-DE'] });
    expect(catalog.status, JSON.stringify(catalog.json)).toBe(201);
    const category = await admin.post('/categories', { catalogId: catalog.json.id, name: 'Jackets', code: 'jackets' });
    expect(category.status, JSON.stringify(category.json)).toBe(201);
    const created = await admin.post('/products', {
      catalogId: catalog.json.id,
      categoryId: category.json.id,
      name: 'Storm Shell Jacket',
      code: 'JKT-STORM-BLK',
      productType: 'Physical',
      isActive: true,
      isBuyable: true,
      trackInventory: true,
      gtin: '4006381333931',
      manufacturerPartNumber: 'SS-2026-BLK',
      vendor: 'Alpine Gear',
      taxType: 'Clothing',
      weight: 0.45,
      weightUnit: 'kg',
      length: 40,
      width: 30,
      height: 5,
      measureUnit: 'cm',
      minQuantity: 1,
      maxQuantity: 10,
      priority: 10,
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    product = created.json;
  }
  await signInWithToken(page, t);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`/products/${encodeURIComponent(product.id)}`);
  await expect(page.getByLabel('Name *')).toHaveValue(product.name);
  await page.waitForLoadState('networkidle');
  await page.mouse.move(0, 799);
  // run.sh runs the tests from tests/web.
  const out = path.resolve(process.cwd(), '../../docs/images/product-editor.png');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  await page.screenshot({ path: out });
});
