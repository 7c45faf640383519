// A user without stores:read does not see the Stores menu (nor the stores count), while the
// inventory pages they may read are there; opening /stores says access is denied.
import { apiAs, expect, shot, signInWithToken, test, token, uniq } from './support';

test.use({ allowHttpErrors: [403] });

test('a user without stores:read does not see the Stores menu', async ({ page, request }) => {
  const admin = apiAs(request, await token(request));
  const roleName = uniq('Warehouse clerk');
  const role = await admin.post('/security/roles', {
    name: roleName,
    description: 'Reads the catalog and keeps the stock',
    permissions: [{ name: 'catalog:read' }, { name: 'inventory:read' }, { name: 'inventory:update' }],
  });
  expect(role.status, JSON.stringify(role.json)).toBe(201);
  const userName = uniq('clerk');
  const password = 'Clerk-Passw0rd-1';
  const user = await admin.post('/security/users', { userName, email: `${userName}@example.com`, userType: 'Manager', password, roles: [roleName] });
  expect(user.status, JSON.stringify(user.json)).toBe(201);

  await signInWithToken(page, await token(request, userName, password));
  await page.goto('/');
  await expect(page.getByTestId('dashboard')).toBeVisible();
  await expect(page.getByRole('menuitem', { name: 'Fulfillment centers' })).toBeVisible();
  await expect(page.getByRole('menuitem', { name: 'Stock' })).toBeVisible();
  const menu = page.getByRole('menuitem');
  for (const hidden of ['Stores', 'Languages', 'Currencies', 'Contacts', 'Organizations', 'Employees', 'Vendors']) {
    await expect(menu.filter({ hasText: new RegExp(`^${hidden}$`) })).toHaveCount(0);
  }
  await expect(page.getByTestId('count-stores')).toHaveCount(0);
  await expect(page.getByTestId('low-stock')).toBeVisible();
  await page.waitForLoadState('networkidle');
  await shot(page, 'clerk-dashboard');

  // May read but not create centers: no Create button.
  await page.getByRole('menuitem', { name: 'Fulfillment centers' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'Main warehouse' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Create' })).toHaveCount(0);

  await page.goto('/stores');
  await expect(page.getByText(/Access denied|permissions to access this page/).first()).toBeVisible();
  await shot(page, 'clerk-stores-denied');
});
