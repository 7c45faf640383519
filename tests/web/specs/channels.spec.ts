// Stores and markets: a language and a currency created in the back office, a fulfillment center
// with address and geo location, and a store that uses all three.
import { apiAs, expect, shot, signInWithToken, test, token, uniq } from './support';

const letters = 'abcdefghijklmnopqrst';
const pick = (s: string) => s[Math.floor(Math.random() * s.length)];

test('create a language, a currency, a fulfillment center and a store using them', async ({ page, request }) => {
  test.setTimeout(120_000);
  const t = await token(request);
  const admin = apiAs(request, t);
  // A private-use language tag (qaa-qtz) nobody else has, and an ISO currency not configured yet.
  let langCode = '';
  for (;;) {
    langCode = `q${pick(letters)}${pick(letters)}-CH`;
    if ((await admin.get(`/languages?code=${langCode}`)).json.total === 0) break;
  }
  let curCode = '';
  for (const c of ['CHF', 'GBP', 'SEK', 'NOK', 'DKK', 'PLN', 'CZK', 'HUF', 'CAD', 'AUD', 'NZD', 'JPY', 'SGD', 'HKD', 'ZAR', 'MXN', 'BRL', 'INR', 'TRY', 'ILS']) {
    if ((await admin.get(`/currencies?code=${c}`)).json.total === 0) {
      curCode = c;
      break;
    }
  }
  expect(curCode, 'a free ISO currency code').not.toBe('');
  const catalog = await admin.post('/catalogs', { name: uniq('Store catalog'), defaultLanguage: 'en-US', languages: ['en-US'] });
  expect(catalog.status, JSON.stringify(catalog.json)).toBe(201);

  await signInWithToken(page, t);
  await page.goto('/');
  await expect(page.getByTestId('dashboard')).toBeVisible();

  // Language
  await page.getByRole('menuitem', { name: 'Languages' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'en-US' })).toBeVisible();
  await page.getByRole('link', { name: 'Create' }).click();
  await page.getByLabel('Code *').fill(langCode);
  await page.getByLabel('Name *').fill('Test language (Switzerland)');
  await page.getByLabel('Native name').fill('Testisch');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Element created')).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: langCode })).toBeVisible();
  await shot(page, 'languages');

  // Currency with its exchange rate and rounding
  await page.getByRole('menuitem', { name: 'Currencies' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'USD' })).toContainText('Primary');
  await page.getByRole('link', { name: 'Create' }).click();
  await page.getByLabel('Code *').fill(curCode.toLowerCase());
  await expect(page.getByLabel('Code *')).toHaveValue(curCode);
  await page.getByLabel('Name *').fill(`Test ${curCode}`);
  await page.getByLabel('Symbol').fill('¤');
  await page.getByLabel('Exchange rate').fill('1.2345');
  await page.getByLabel('Decimals').fill('2');
  await page.getByLabel('Rounding').click();
  await page.getByRole('option', { name: 'Half even (banker’s)' }).click();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Element created')).toBeVisible();
  const cur = (await admin.get(`/currencies?code=${curCode}`)).json.items[0];
  expect(cur).toMatchObject({ code: curCode, exchangeRate: 1.2345, roundingDecimals: 2, roundingMode: 'half-even', isPrimary: false });
  await expect(page.getByRole('row').filter({ hasText: curCode })).toContainText('1.2345');
  await shot(page, 'currencies');

  // Fulfillment center with address and geo location
  const centerName = uniq('Zurich depot');
  await page.getByRole('menuitem', { name: 'Fulfillment centers' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'Main warehouse' })).toBeVisible();
  await page.getByRole('link', { name: 'Create' }).click();
  await page.getByLabel('Name *').fill(centerName);
  await page.getByLabel('Code', { exact: true }).fill(uniq('ZRH').toUpperCase());
  await page.getByLabel('Street').fill('Bahnhofstrasse 1');
  await page.getByLabel('Postal code').fill('8001');
  await page.getByLabel('City').fill('Zürich');
  await page.getByLabel('Country').fill('ch');
  await page.getByLabel('Latitude').fill('47.3769');
  await page.getByLabel('Longitude').fill('8.5417');
  await expect(page.getByRole('link', { name: 'Show on map' })).toBeVisible();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Element created')).toBeVisible();
  await expect(page).toHaveURL(/\/fulfillment-centers\/(?!create)[^/?]+$/);
  const centerId = decodeURIComponent(page.url().split('/').pop()!);
  const center = (await admin.get(`/fulfillment-centers/${centerId}`)).json;
  expect(center.address).toMatchObject({ line1: 'Bahnhofstrasse 1', city: 'Zürich', countryCode: 'CH', postalCode: '8001' });
  expect(Number(center.geoLocation.latitude)).toBeCloseTo(47.3769, 4);
  await shot(page, 'fulfillment-center');

  // A store using the catalog, the new language and currency, and the new center
  const storeId = uniq('swiss-store');
  await page.getByRole('menuitem', { name: 'Stores' }).click();
  await page.getByRole('link', { name: 'Create' }).click();
  await page.getByLabel('Name *').fill('Swiss store');
  await page.getByLabel('Code').fill(storeId);
  await page.getByLabel('Catalog *').click();
  await page.getByRole('option', { name: catalog.json.name }).click();
  await page.getByRole('tab', { name: 'Languages & currencies' }).click();
  const languages = page.getByRole('combobox', { name: 'Languages' });
  await languages.click();
  await languages.fill(langCode);
  await page.getByRole('option', { name: new RegExp(langCode) }).click();
  await languages.fill('en-US');
  await page.getByRole('option', { name: /en-US/ }).click();
  await page.getByLabel('Default language *').click();
  await page.getByRole('option', { name: new RegExp(langCode) }).click();
  const currencies = page.getByRole('combobox', { name: 'Currencies' });
  await currencies.click();
  await currencies.fill(curCode);
  await page.getByRole('option', { name: new RegExp(curCode) }).click();
  await page.getByLabel('Default currency *').click();
  await page.getByRole('option', { name: new RegExp(curCode) }).click();
  await page.getByRole('tab', { name: 'Fulfillment' }).click();
  await page.getByLabel('Main fulfillment center').fill(centerName.slice(0, 10));
  await page.getByRole('option', { name: centerName }).click();
  await page.getByRole('tab', { name: 'Settings' }).click();
  await expect(page.getByLabel('Order number template')).toHaveValue('CO{date:yyMMdd}-{seq:5}');
  await page.getByLabel('Prices include tax').check();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Element created')).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/stores/${storeId}`));
  const store = (await admin.get(`/stores/${storeId}`)).json;
  expect(store).toMatchObject({
    name: 'Swiss store',
    catalogId: catalog.json.id,
    defaultLanguage: langCode,
    defaultCurrency: curCode,
    mainFulfillmentCenterId: centerId,
    settings: { pricesIncludeTax: true, promotionPolicy: 'BestReward' },
  });
  expect(store.languages).toEqual(expect.arrayContaining([langCode, 'en-US']));
  await page.getByRole('tab', { name: 'Languages & currencies' }).click();
  await shot(page, 'store-editor');

  await page.getByRole('menuitem', { name: 'Stores' }).click();
  await expect(page.getByRole('row').filter({ hasText: storeId })).toContainText(catalog.json.name);
  await shot(page, 'stores');
});
