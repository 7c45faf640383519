// Pricing in the back office: a new price list with a price (and a tier) for a demo product,
// assigned to the demo store, wins in the price preview with the explanation of every other
// assignment; the condition builder saves a nested tree and shows the same tree after a reload;
// the price list page on a phone.
import { type Page } from '@playwright/test';
import * as fs from 'node:fs';
import { apiAs, expect, shot, signInWithToken, test, token, uniq } from './support';

/**
 * Picks `option` in the MUI select labelled `label` inside `scope`. The menu re-renders while
 * its choices load (a preselected value first, then the fetched list), which can detach the
 * option under the click: reopen and retry, then check that the select shows the choice.
 */
async function choose(page: Page, scope: ReturnType<Page['locator']> | Page, label: string, option: string) {
  const box = scope.getByRole('combobox', { name: label });
  for (let attempt = 1; ; attempt++) {
    await box.click();
    try {
      await page.getByRole('option', { name: option, exact: true }).click({ timeout: 4000 });
      break;
    } catch (error) {
      if (attempt >= 3) throw error;
      await page.keyboard.press('Escape');
    }
  }
  await expect(box).toContainText(option);
}

test('create a price list, price a demo product, assign it to the store and see it in the price preview', async ({ page, request }) => {
  test.setTimeout(120_000);
  const t = await token(request);
  const admin = apiAs(request, t);
  const products = (await admin.get('/products?catalogId=electronics&isVariation=false&limit=1&sort=name:asc')).json.items;
  expect(products.length, 'the demo catalog has products').toBeGreaterThan(0);
  const product = products[0];
  const listName = uniq('Preview list');

  await signInWithToken(page, t);
  await page.goto('/');
  await page.getByRole('menuitem', { name: 'Price lists' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'Wholesale' })).toBeVisible();
  await page.getByRole('link', { name: 'Create' }).click();
  await page.getByLabel('Name *').fill(listName);
  await choose(page, page, 'Currency', 'USD — US Dollar');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(/\/price-lists\/(?!create)[^/?]+$/);
  const listId = decodeURIComponent(new URL(page.url()).pathname.split('/')[2]);
  expect((await admin.get(`/price-lists/${listId}`)).json).toMatchObject({ name: listName, currency: 'USD' });

  // Two tiers for the demo product: 1+ at 12.50 (sale 9.99), 10+ at 8.75.
  await page.getByRole('tab', { name: 'Prices' }).click();
  await expect(page.getByText('No prices yet.')).toBeVisible();
  for (const tier of [
    { list: '12.5', sale: '9.99', min: '1' },
    { list: '8.75', sale: '', min: '10' },
  ]) {
    await page.getByRole('button', { name: 'Add price' }).click();
    const dialog = page.getByTestId('price-dialog');
    await dialog.getByLabel('Product *').fill(product.code);
    await page.getByRole('option', { name: `${product.name} (${product.code})` }).click();
    await dialog.getByLabel('List price *').fill(tier.list);
    if (tier.sale) await dialog.getByLabel('Sale price').fill(tier.sale);
    await dialog.getByLabel('Min. quantity *').fill(tier.min);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toHaveCount(0);
  }
  const rows = page.getByTestId('prices-panel').getByRole('row');
  await expect(rows).toHaveCount(3);
  await expect(rows.filter({ hasText: '10+ units' })).toContainText('$8.75');
  await expect(rows.filter({ hasText: '1+ units' })).toContainText('$9.99');
  const prices = (await admin.get(`/prices?priceListId=${listId}&sort=minQuantity:asc`)).json.items;
  expect(prices).toMatchObject([
    { productId: product.id, list: 12.5, sale: 9.99, minQuantity: 1 },
    { productId: product.id, list: 8.75, sale: null, minQuantity: 10 },
  ]);
  await shot(page, 'price-list-prices');

  // Assign the list to the demo store with a priority above every demo assignment.
  await page.getByRole('tab', { name: 'Assignments' }).click();
  await page.getByRole('link', { name: 'Assign this list' }).click();
  await expect(page.getByLabel('Name *')).toHaveValue(listName);
  await choose(page, page, 'Store', 'Electronics Store');
  await page.getByLabel('Priority').fill('100');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(/\/price-list-assignments\/(?!create)[^/?]+$/);
  const assignments = (await admin.get(`/price-list-assignments?priceListId=${listId}`)).json.items;
  expect(assignments).toMatchObject([{ name: listName, storeId: 'electronics-store', priority: 100, isActive: true, conditions: [] }]);

  // The preview for the store: the new list wins; the others lost, each with its reason.
  await page.getByRole('menuitem', { name: 'Price preview' }).click();
  await choose(page, page, 'Store', 'Electronics Store');
  await expect(page.getByRole('combobox', { name: 'Currency' })).toContainText('USD');
  await page.getByLabel('Products *').fill(product.code);
  await page.getByRole('option', { name: `${product.name} (${product.code})` }).click();
  await page.getByRole('button', { name: 'Show prices' }).click();
  const item = page.getByTestId(`preview-item-${product.id}`);
  await expect(item.getByTestId('preview-price')).toContainText('$9.99');
  await expect(item.getByTestId('preview-price')).toContainText('$12.50');
  await expect(item.getByTestId('preview-winner')).toContainText(listName);
  const explanation = item.getByTestId('preview-explanation');
  await expect(explanation.locator('tr[data-outcome="won"]')).toContainText(listName);
  await expect(explanation.locator('tr[data-outcome="priority"]').filter({ hasText: 'USD prices for everyone' })).toContainText('Lower priority');
  await expect(explanation.locator('tr[data-outcome="currency"]').filter({ hasText: 'EUR prices for everyone' })).toContainText('Its price list is in another currency');
  await expect(explanation.locator('tr[data-outcome="condition"]').filter({ hasText: 'Wholesale customers' })).toBeVisible();
  await expect(item.getByTestId('preview-tiers').getByRole('row')).toHaveCount(3);
  await item.scrollIntoViewIfNeeded();
  await shot(page, 'price-preview');

  // At 12 units the 10+ tier applies; as a wholesale customer the list still wins (priority 100).
  await page.getByLabel('Quantity *').fill('12');
  await page.getByLabel('User groups').fill('Wholesale');
  await page.getByRole('option', { name: 'Wholesale' }).first().click();
  await page.getByRole('button', { name: 'Show prices' }).click();
  await expect(item.getByTestId('preview-price')).toContainText('$8.75');
  await expect(explanation.locator('tr[data-outcome="priority"]').filter({ hasText: 'Wholesale customers' })).toBeVisible();
});

test('the condition builder saves a nested tree and shows it again after a reload', async ({ page, request }) => {
  test.setTimeout(90_000);
  const t = await token(request);
  const admin = apiAs(request, t);
  const name = uniq('Conditions');
  await signInWithToken(page, t);
  await page.goto('/price-list-assignments/create');
  await page.getByLabel('Name *').fill(name);
  await choose(page, page, 'Price list', 'USD prices (USD)');
  await page.getByRole('tab', { name: 'Conditions' }).click();
  const builder = page.getByTestId('condition-builder');
  await expect(builder).toContainText('applies to every shopper');

  // userGroup = Gold AND (country = DE OR country = AT) AND NOT (customerTag = blocked)
  await builder.getByTestId('add-condition-root').click();
  await builder.getByTestId('condition-0').getByLabel('Value').fill('Gold');
  await builder.getByTestId('add-group-root').click();
  const or = builder.getByTestId('condition-1');
  await expect(or.getByRole('combobox', { name: 'Group' })).toContainText('Any of (OR)');
  await choose(page, or.getByTestId('condition-1.0'), 'Condition', 'Country');
  await or.getByTestId('condition-1.0').getByLabel('Value').fill('de');
  await or.getByTestId('add-condition-1').click();
  await choose(page, or.getByTestId('condition-1.1'), 'Condition', 'Country');
  await or.getByTestId('condition-1.1').getByLabel('Value').fill('AT');
  await builder.getByTestId('add-group-root').click();
  const not = builder.getByTestId('condition-2');
  await choose(page, not, 'Group', 'None of (NOT)');
  await choose(page, not.getByTestId('condition-2.0'), 'Condition', 'Customer tag');
  // An empty value is caught before the server sees it.
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(not.getByTestId('condition-2.0')).toContainText('Enter a value');
  await not.getByTestId('condition-2.0').getByLabel('Value').fill('blocked');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(/\/price-list-assignments\/(?!create)[^/?]+/);
  const id = decodeURIComponent(new URL(page.url()).pathname.split('/')[2]);
  const expected = [
    { type: 'userGroup', value: 'Gold' },
    { type: 'or', conditions: [{ type: 'country', value: 'DE' }, { type: 'country', value: 'AT' }] },
    { type: 'not', conditions: [{ type: 'customerTag', value: 'blocked' }] },
  ];
  const saved = (await admin.get(`/price-list-assignments/${id}`)).json;
  expect(saved.conditions).toEqual(expected);

  // After a reload the builder shows the same tree, and saving it unchanged keeps it.
  await page.goto(`/price-list-assignments/${encodeURIComponent(id)}/conditions`);
  const again = page.getByTestId('condition-builder');
  await expect(again.getByTestId('condition-0').getByLabel('Value')).toHaveValue('Gold');
  await expect(again.getByTestId('condition-1').getByRole('combobox', { name: 'Group' })).toContainText('Any of (OR)');
  await expect(again.getByTestId('condition-1.0').getByLabel('Value')).toHaveValue('DE');
  await expect(again.getByTestId('condition-1.1').getByLabel('Value')).toHaveValue('AT');
  await expect(again.getByTestId('condition-2').getByRole('combobox', { name: 'Group' })).toContainText('None of (NOT)');
  await expect(again.getByTestId('condition-2.0').getByRole('combobox', { name: 'Condition' })).toContainText('Customer tag');
  await expect(again.getByTestId('condition-2.0').getByLabel('Value')).toHaveValue('blocked');
  await shot(page, 'assignment-conditions');

  // Remove the second country and save: exactly that node is gone.
  await again.getByTestId('condition-1.1').getByRole('button', { name: 'Remove' }).click();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Element updated')).toBeVisible();
  const edited = (await admin.get(`/price-list-assignments/${id}`)).json;
  expect(edited.conditions).toEqual([expected[0], { type: 'or', conditions: [{ type: 'country', value: 'DE' }] }, expected[2]]);
  expect(edited.version).toBe(saved.version + 1);

  // The list shows the tree in one line.
  await page.goto(`/price-list-assignments?filter=${encodeURIComponent(JSON.stringify({ q: name }))}`);
  await expect(page.getByRole('row').filter({ hasText: name })).toContainText('User group = Gold AND (Country = DE) AND NOT (Customer tag = blocked)');
});

test('import prices from a CSV, watch the job, and export them again', async ({ page, request }) => {
  test.setTimeout(90_000);
  const t = await token(request);
  const admin = apiAs(request, t);
  const list = await admin.post('/price-lists', { name: uniq('CSV list'), currency: 'EUR' });
  expect(list.status, JSON.stringify(list.json)).toBe(201);
  const products = (await admin.get('/products?catalogId=electronics&isVariation=false&limit=2&sort=name:asc')).json.items;
  const csv = ['sku,list,sale,minQuantity,startDate,endDate', `${products[0].code},20.00,15.5,1,,`, `${products[1].code},30,,5,,`, 'NO-SUCH-SKU,10,,1,,'].join('\n');

  await signInWithToken(page, t);
  await page.goto(`/price-lists/${list.json.id}`);
  await page.getByRole('button', { name: 'Import prices' }).click();
  await page.getByTestId('price-import-file').setInputFiles({ name: 'prices.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.getByTestId('price-import-file-name')).toContainText('prices.csv');
  await page.getByRole('button', { name: 'Upload and import' }).click();
  await expect(page.getByTestId('job-watch')).toBeVisible();
  await expect(page.getByTestId('job-progress')).toBeVisible();
  await expect(page.getByTestId('job-status')).toHaveAttribute('data-status', /succeeded|failed/, { timeout: 30_000 });
  await expect(page.getByTestId('job-errors')).toContainText('row 4');
  await shot(page, 'price-import');
  const prices = (await admin.get(`/prices?priceListId=${list.json.id}&sort=minQuantity:asc`)).json.items;
  expect(prices).toMatchObject([
    { productId: products[0].id, list: 20, sale: 15.5, minQuantity: 1 },
    { productId: products[1].id, list: 30, sale: null, minQuantity: 5 },
  ]);
  await page.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('tab', { name: 'Prices' }).click();
  await expect(page.getByTestId('prices-panel').getByRole('row')).toHaveCount(3);
  await expect(page.getByTestId('prices-panel')).toContainText('€15.50');

  await page.getByRole('button', { name: 'Export prices' }).click();
  await page.getByRole('button', { name: 'Start export' }).click();
  await expect(page.getByTestId('job-status')).toHaveAttribute('data-status', 'succeeded', { timeout: 30_000 });
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download the file' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^prices-csv-list-.*\.csv$/);
  const text = fs.readFileSync(await file.path(), 'utf8');
  expect(text).toContain(products[0].code);
  expect(text).toContain(products[1].code);
});

test("the product editor's Prices tab shows the product's prices in every list", async ({ page, request }) => {
  const t = await token(request);
  const admin = apiAs(request, t);
  const product = (await admin.get('/products?catalogId=electronics&isVariation=false&limit=1&sort=name:desc')).json.items[0];
  const expected = (await admin.get(`/prices?productId=${product.id}`)).json.total;
  expect(expected).toBeGreaterThan(1);
  await signInWithToken(page, t);
  await page.goto(`/products/${product.id}`);
  await expect(page.getByLabel('Name *')).toHaveValue(product.name);
  await page.getByRole('tab', { name: 'Prices' }).click();
  const panel = page.getByTestId('prices-panel');
  await expect(panel.getByRole('row')).toHaveCount(Math.min(expected, 25) + 1);
  await expect(panel.getByRole('row').filter({ hasText: 'USD prices' })).toContainText('$');
  await expect(panel.getByRole('row').filter({ hasText: 'EUR prices' })).toContainText('€');
  await expect(panel.getByRole('row').filter({ hasText: 'Wholesale' })).toHaveCount(3);
  await shot(page, 'product-prices');
  await page.getByRole('link', { name: 'Preview the price for a shopper' }).click();
  await expect(page).toHaveURL(/\/pricing\/preview\?productId=/);
  await expect(page.getByText(`${product.name} (${product.code})`)).toBeVisible();
});

test("the price preview takes a contact's groups into account", async ({ page, request }) => {
  test.setTimeout(90_000);
  const t = await token(request);
  const admin = apiAs(request, t);
  const product = (await admin.get('/products?catalogId=electronics&isVariation=false&limit=1&sort=name:asc&offset=3')).json.items[0];
  await signInWithToken(page, t);
  await page.goto(`/pricing/preview?productId=${encodeURIComponent(product.id)}`);
  await expect(page.getByText(`${product.name} (${product.code})`)).toBeVisible();
  const item = page.getByTestId(`preview-item-${product.id}`);
  const wholesale = item.getByTestId('preview-explanation').locator('tr').filter({ hasText: 'Wholesale customers' });
  // Anna Schmidt is in the Wholesale group (through her organization Contoso Wholesale).
  for (const [contact, holds] of [
    ['Anna Schmidt', true],
    ['John Smith', false],
  ] as const) {
    await page.getByLabel('Contact').fill(contact.split(' ')[0]);
    await page.getByRole('option', { name: contact }).click();
    await page.getByRole('button', { name: 'Show prices' }).click();
    await expect(wholesale).toHaveAttribute('data-outcome', holds ? /won|priority|noPrice/ : 'condition');
  }
  await item.scrollIntoViewIfNeeded();
  await shot(page, 'price-preview-contact');
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });
  test('the price list and assignment lists fit a 390 px screen', async ({ page, request }) => {
    await signInWithToken(page, await token(request));
    for (const [url, text, name] of [
      ['/price-lists', 'Wholesale', 'price-lists-phone'],
      ['/price-list-assignments', 'Wholesale customers', 'assignments-phone'],
    ]) {
      await page.goto(url);
      await expect(page.getByRole('row').filter({ hasText: text }).first()).toBeVisible();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, url).toBeLessThanOrEqual(1);
      await shot(page, name);
    }
  });
});
