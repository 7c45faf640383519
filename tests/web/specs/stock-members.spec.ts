// Stock of a product per fulfillment center, set in the product editor's Inventory tab and seen
// in the stock list; an organization and a contact in it; the contact list on a phone.
import { apiAs, expect, shot, signInWithToken, test, token, uniq } from './support';

test('set stock for a product in its Inventory tab', async ({ page, request }) => {
  test.setTimeout(90_000);
  const t = await token(request);
  const admin = apiAs(request, t);
  const catalog = await admin.post('/catalogs', { name: uniq('Stock catalog'), defaultLanguage: 'en-US', languages: ['en-US'] });
  expect(catalog.status, JSON.stringify(catalog.json)).toBe(201);
  const sku = uniq('STOCK').toUpperCase();
  const product = await admin.post('/products', { name: 'Trail Lantern', code: sku, catalogId: catalog.json.id, productType: 'Physical', isActive: true, isBuyable: true });
  expect(product.status, JSON.stringify(product.json)).toBe(201);
  const productId = product.json.id as string;

  await signInWithToken(page, t);
  await page.goto(`/products/${productId}`);
  await expect(page.getByLabel('Name *')).toHaveValue('Trail Lantern');
  await page.getByRole('tab', { name: 'Inventory' }).click();
  const main = page.getByTestId('inventory-row-main-warehouse');
  await expect(main).toBeVisible();
  await expect(main).toContainText('none yet');
  await main.getByLabel('In stock Main warehouse').fill('42');
  await main.getByLabel('Reorder at Main warehouse').fill('5');
  await main.getByRole('button', { name: 'Save Main warehouse' }).click();
  await expect(page.getByText('Stock in Main warehouse saved')).toBeVisible();
  await expect(main.getByTestId('available')).toHaveText('42');

  // Inline edit of the existing record: fewer units than the reorder minimum are marked.
  await main.getByLabel('In stock Main warehouse').fill('3');
  await main.getByLabel('In stock Main warehouse').press('Enter');
  await expect(main.getByTestId('available')).toContainText('Low');
  await expect(main.getByTestId('available')).toContainText('3');
  const second = page.getByTestId('inventory-row-second-warehouse');
  await second.getByLabel('In stock Second warehouse').fill('7');
  await second.getByLabel('Backorder Second warehouse').check();
  await second.getByLabel('Backorder qty Second warehouse').fill('10');
  await second.getByRole('button', { name: 'Save Second warehouse' }).click();
  await expect(second.getByTestId('available')).toHaveText('17');
  await expect(page.getByTestId('inventory-totals')).toContainText('In stock in all centers: 10 · available: 20');
  const records = (await admin.get(`/inventories?productId=${productId}`)).json.items;
  expect(records.find((r: any) => r.fulfillmentCenterId === 'main-warehouse')).toMatchObject({ inStockQuantity: 3, reorderMinQuantity: 5 });
  expect(records.find((r: any) => r.fulfillmentCenterId === 'second-warehouse')).toMatchObject({ inStockQuantity: 7, allowBackorder: true, backorderQuantity: 10 });
  // The product itself was not written.
  expect((await admin.get(`/products/${productId}`)).json.version).toBe(product.json.version);
  await shot(page, 'product-inventory');

  // The stock list, filtered by the product.
  await page.goto(`/inventories?filter=${encodeURIComponent(JSON.stringify({ productId }))}`);
  await expect(page.getByRole('row').filter({ hasText: 'Main warehouse' })).toContainText('Trail Lantern');
  await expect(page.getByRole('row')).toHaveCount(3);
  await shot(page, 'inventories');
});

test('create an organization and a contact in it', async ({ page, request }) => {
  test.setTimeout(90_000);
  const t = await token(request);
  const admin = apiAs(request, t);
  const orgName = uniq('Alpine Outfitters');
  await signInWithToken(page, t);
  await page.goto('/');
  await page.getByRole('menuitem', { name: 'Organizations' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'Contoso Berlin' })).toContainText('Contoso Wholesale');
  await page.getByRole('link', { name: 'Create' }).click();
  await page.getByLabel('Name *').fill(orgName);
  await page.getByLabel('Parent organization').fill('Contoso Whole');
  await page.getByRole('option', { name: 'Contoso Wholesale' }).click();
  const groups = page.getByRole('combobox', { name: 'Groups' });
  await groups.fill('Mountain B2B');
  await page.getByRole('option', { name: 'Add “Mountain B2B”' }).click();
  await page.getByRole('tab', { name: 'Addresses' }).click();
  await page.getByRole('button', { name: 'Add' }).click();
  await page.getByLabel('Street *').fill('Gipfelweg 3');
  await page.getByLabel('City *').fill('Innsbruck');
  await page.getByLabel('Country *').fill('at');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Element created')).toBeVisible();
  await expect(page).toHaveURL(/\/organizations\/(?!create)[^/?]+$/);
  const orgId = decodeURIComponent(page.url().split('/').pop()!);
  const org = (await admin.get(`/organizations/${orgId}`)).json;
  expect(org).toMatchObject({ name: orgName, parentId: 'demo-org-contoso', groups: ['Mountain B2B'] });
  expect(org.addresses[0]).toMatchObject({ type: 'billingAndShipping', line1: 'Gipfelweg 3', city: 'Innsbruck', countryCode: 'AT' });

  await page.getByRole('menuitem', { name: 'Contacts' }).click();
  await page.getByRole('link', { name: 'Create' }).click();
  await page.getByLabel('First name').fill('Greta');
  await page.getByLabel('Last name').fill('Berger');
  const orgs = page.getByRole('combobox', { name: 'Organizations' });
  await orgs.fill(orgName.slice(0, 12));
  await page.getByRole('option', { name: orgName }).click();
  const emails = page.getByRole('combobox', { name: 'E-mails' });
  await emails.fill('greta@alpine.example');
  await page.getByRole('option', { name: 'Add “greta@alpine.example”' }).click();
  const tags = page.getByRole('combobox', { name: 'Tags' });
  await tags.fill('vip');
  await page.getByRole('option', { name: 'Add “vip”' }).click();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Element created')).toBeVisible();
  await expect(page).toHaveURL(/\/contacts\/(?!create)[^/?]+$/);
  const contactId = decodeURIComponent(page.url().split('/').pop()!);
  const contact = (await admin.get(`/contacts/${contactId}`)).json;
  expect(contact).toMatchObject({ fullName: 'Greta Berger', organizations: [orgId], emails: ['greta@alpine.example'], tags: ['vip'] });
  await shot(page, 'contact-editor');

  // The contact list searched by the organization.
  await page.goto(`/contacts?filter=${encodeURIComponent(JSON.stringify({ organizationId: orgId }))}`);
  await expect(page.getByRole('row').filter({ hasText: 'Greta Berger' })).toContainText(orgName);
  await expect(page.getByRole('row')).toHaveCount(2);
  await shot(page, 'contacts');
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });
  test('the contact list fits a 390 px screen', async ({ page, request }) => {
    await signInWithToken(page, await token(request));
    await page.goto('/contacts');
    await expect(page.getByRole('row').filter({ hasText: 'Anna Schmidt' })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await shot(page, 'contacts-phone');
  });
});

test.describe('a concurrent stock change', () => {
  test.use({ allowHttpErrors: [412] });
  test('is reported in the Inventory tab instead of being overwritten', async ({ page, request }) => {
    const t = await token(request);
    const admin = apiAs(request, t);
    const catalog = await admin.post('/catalogs', { name: uniq('Conflict catalog'), defaultLanguage: 'en-US', languages: ['en-US'] });
    const product = await admin.post('/products', { name: 'Camp Stool', code: uniq('STOOL').toUpperCase(), catalogId: catalog.json.id, productType: 'Physical' });
    expect(product.status, JSON.stringify(product.json)).toBe(201);
    const rec = await admin.post('/inventories', { productId: product.json.id, fulfillmentCenterId: 'main-warehouse', inStockQuantity: 10 });
    expect(rec.status, JSON.stringify(rec.json)).toBe(201);

    await signInWithToken(page, t);
    await page.goto(`/products/${product.json.id}/inventory`);
    const main = page.getByTestId('inventory-row-main-warehouse');
    await expect(main.getByTestId('available')).toHaveText('10');
    // Someone else (an ERP sync) changes the record meanwhile.
    expect((await admin.patch(`/inventories/${rec.json.id}`, { inStockQuantity: 12 }, rec.json.version)).status).toBe(200);
    await main.getByLabel('In stock Main warehouse').fill('9');
    await main.getByRole('button', { name: 'Save Main warehouse' }).click();
    await expect(page.getByTestId('conflict-alert')).toContainText('Someone else changed this record');
    expect((await admin.get(`/inventories/${rec.json.id}`)).json.inStockQuantity).toBe(12);
    await page.getByRole('button', { name: 'Reload' }).click();
    await expect(main.getByLabel('In stock Main warehouse')).toHaveValue('12');
  });
});
