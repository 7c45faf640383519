// Every page of the stores, localization, inventory, members and pricing modules opens without
// console errors and without untranslated text keys, in English and in German.
import { apiAs, expect, signInWithToken, test, token } from './support';

const lists = ['languages', 'currencies', 'stores', 'fulfillment-centers', 'inventories', 'contacts', 'organizations', 'employees', 'vendors', 'price-lists', 'price-list-assignments'];

for (const locale of ['en', 'de'] as const) {
  test(`new module pages open cleanly (${locale})`, async ({ page, request }) => {
    test.setTimeout(120_000);
    const t = await token(request);
    const admin = apiAs(request, t);
    const employee = (await admin.get('/employees?limit=1')).json.items[0];
    const vendor = (await admin.get('/vendors?limit=1')).json.items[0];
    await signInWithToken(page, t, locale);
    // English: every list, create form and some editors; German: the lists and editors.
    const pages = [
      ...lists.flatMap((r) => (locale === 'en' ? [`/${r}`, `/${r}/create`] : [`/${r}`])),
      `/fulfillment-centers/main-warehouse`,
      `/price-lists/demo-usd`,
      `/price-lists/demo-usd/prices`,
      `/price-lists/demo-usd/assignments`,
      `/price-list-assignments/demo-wholesale-group`,
      `/price-list-assignments/demo-wholesale-group/conditions`,
      `/pricing/preview`,
      ...(employee ? [`/employees/${employee.id}`, `/employees/${employee.id}/addresses`] : []),
      ...(vendor ? [`/vendors/${vendor.id}`] : []),
    ];
    for (const url of pages) {
      await page.goto(url);
      await expect(page.locator('#main-content')).toBeVisible();
      await page.waitForLoadState('networkidle');
      const text = await page.locator('#main-content').innerText();
      expect(text, `untranslated key on ${url}`).not.toMatch(/\bresources\.[a-z-]+\.|\bapp\.[a-z_]+\./);
    }
    const menu = await page.getByRole('menu').first().innerText().catch(() => '');
    expect(menu).not.toMatch(/resources\.|app\.menu\./);
  });
}
