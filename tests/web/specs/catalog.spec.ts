// The catalog: build a category tree (create, nest, move by drag and drop), create a product
// with generated property inputs, add a variation with a dictionary value, and see a conflicting
// edit answered with a clear message.
import { apiAs, expect, shot, signInWithToken, test, token, uniq } from './support';

test.use({ allowHttpErrors: [412] });

test('create a category tree and a product with properties and a variation', async ({ page, request }) => {
  test.setTimeout(90_000);
  const t = await token(request);
  const admin = apiAs(request, t);
  const catalog = await admin.post('/catalogs', { name: uniq('E2E Outdoor'), defaultLanguage: 'en-US', languages: ['en-US', 'de-DE'] });
  expect(catalog.status, JSON.stringify(catalog.json)).toBe(201);
  const catalogId = catalog.json.id as string;
  const material = await admin.post('/properties', {
    catalogId,
    name: 'material',
    type: 'Product',
    valueType: 'ShortText',
    multilanguage: true,
    required: true,
    displayNames: [
      { languageCode: 'en-US', value: 'Material' },
      { languageCode: 'de-DE', value: 'Material' },
    ],
  });
  expect(material.status, JSON.stringify(material.json)).toBe(201);
  const warranty = await admin.post('/properties', {
    catalogId,
    name: 'warrantyYears',
    type: 'Product',
    valueType: 'Integer',
    validation: { min: 0, max: 10 },
    displayNames: [{ languageCode: 'en-US', value: 'Warranty (years)' }],
  });
  expect(warranty.status, JSON.stringify(warranty.json)).toBe(201);
  const color = await admin.post('/properties', {
    catalogId,
    name: 'color',
    type: 'Variation',
    valueType: 'ShortText',
    dictionary: true,
    displayNames: [{ languageCode: 'en-US', value: 'Color' }],
  });
  expect(color.status, JSON.stringify(color.json)).toBe(201);
  for (const [alias, en, de] of [
    ['red', 'Red', 'Rot'],
    ['blue', 'Blue', 'Blau'],
  ]) {
    const item = await admin.post(`/properties/${color.json.id}/dictionary-items`, {
      alias,
      localizedValues: [
        { languageCode: 'en-US', value: en },
        { languageCode: 'de-DE', value: de },
      ],
    });
    expect(item.status, JSON.stringify(item.json)).toBe(201);
  }

  await signInWithToken(page, t);
  await page.goto(`/catalogs/${catalogId}/show`);
  const tree = page.getByTestId('category-tree');
  await expect(tree.getByText('No categories yet.')).toBeVisible();

  // Two top-level categories, then one nested under the first.
  const addRoot = async (name: string) => {
    await tree.getByRole('button', { name: 'Category', exact: true }).click();
    await page.getByTestId('new-category-name').fill(name);
    await page.getByRole('button', { name: 'Create' }).click();
  };
  await addRoot('Jackets');
  await expect(page.getByTestId('tree-node-jackets')).toBeVisible();
  await addRoot('Sale');
  await expect(page.getByTestId('tree-node-sale')).toBeVisible();
  await page.getByTestId('tree-node-jackets').hover();
  await page.getByTestId('tree-node-jackets').getByRole('button', { name: 'Add subcategory' }).click();
  await page.getByTestId('new-category-name').fill('Rain Jackets');
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByTestId('tree-node-rain-jackets')).toBeVisible();

  // Drag "Rain Jackets" onto "Sale": it moves there.
  const source = page.getByTestId('tree-node-rain-jackets');
  const target = page.getByTestId('tree-node-sale');
  await source.hover();
  await page.mouse.down();
  await target.hover({ position: { x: 40, y: 8 } });
  await target.hover({ position: { x: 60, y: 10 } });
  await page.mouse.up();
  await expect(page.getByText('“Rain Jackets” moved')).toBeVisible();
  await expect
    .poll(async () => (await admin.get(`/categories?catalogId=${catalogId}&code=rain-jackets`)).json.items[0]?.parentId)
    .toBe((await admin.get(`/categories?catalogId=${catalogId}&code=sale`)).json.items[0].id);
  await shot(page, 'category-tree');

  // A product in "Jackets", created from the catalog browser.
  await page.getByTestId('tree-node-jackets').click();
  await page.getByRole('link', { name: 'Create' }).click();
  await page.getByLabel('Name *').fill('Storm Shell');
  const sku = uniq('STORM');
  await page.getByLabel('SKU *').fill(sku);
  await page.getByRole('tab', { name: 'Properties' }).click();
  await page.getByTestId('prop-material-en-US').fill('Nylon');
  await page.getByTestId('prop-material-de-DE').fill('Nylon');
  await page.getByTestId('prop-warrantyYears').fill('12');
  await expect(page.getByText('Must be 10 or less')).toBeVisible();
  await page.getByTestId('prop-warrantyYears').fill('3');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Element created')).toBeVisible();
  await expect(page).toHaveURL(/\/products\/(?!create)[^/?]+$/);
  const productId = page.url().split('/').pop()!;
  const stored = (await admin.get(`/products/${productId}`)).json;
  expect(stored.categoryId).toBeTruthy();
  expect(stored.properties.find((p: any) => p.name === 'warrantyYears').values[0].value).toBe(3);
  await page.getByRole('tab', { name: 'Properties' }).click();
  await expect(page.getByTestId('prop-material-de-DE')).toHaveValue('Nylon');
  await shot(page, 'product-properties');

  // A variation in red.
  await page.getByRole('tab', { name: 'Variations' }).click();
  await page.getByRole('link', { name: 'Add variation' }).click();
  await page.getByLabel('Name *').fill('Storm Shell – Red');
  await page.getByLabel('SKU *').fill(`${sku}-RED`);
  await page.getByRole('tab', { name: 'Properties' }).click();
  await page.getByTestId('prop-color').click();
  await page.getByRole('option', { name: 'Red' }).click();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Element created')).toBeVisible();
  const variations = (await admin.get(`/products?mainProductId=${productId}`)).json.items;
  expect(variations).toHaveLength(1);
  expect(variations[0].properties[0].values[0].value).toBe('red');

  await page.goto(`/products/${productId}/variations`);
  await expect(page.getByRole('row').filter({ hasText: `${sku}-RED` })).toBeVisible();
  await shot(page, 'product-variations');

  // Someone else saves first: the editor says so instead of overwriting.
  await page.goto(`/products/${productId}`);
  await expect(page.getByLabel('Name *')).toHaveValue('Storm Shell');
  const current = (await admin.get(`/products/${productId}`)).json;
  expect((await admin.patch(`/products/${productId}`, { vendor: 'Someone else' }, current.version)).status).toBe(200);
  await page.getByLabel('Name *').fill('Storm Shell Pro');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('conflict-alert')).toContainText('Someone else changed this record');
  await shot(page, 'product-conflict');
});
