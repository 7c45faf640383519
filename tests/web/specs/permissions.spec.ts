// A restricted user (a role with catalog:read only) sees the catalog but no security, jobs or
// settings menus, no create/edit/delete buttons, and a clear page when opening a forbidden URL.
import { apiAs, expect, shot, test, token, uniq } from './support';

test.use({ allowHttpErrors: [403] });

test('a restricted user does not see what they may not do', async ({ page, request }) => {
  const admin = apiAs(request, await token(request));
  const roleName = uniq('Catalog viewer');
  const role = await admin.post('/security/roles', {
    name: roleName,
    description: 'Reads the catalog, nothing else',
    permissions: [{ name: 'catalog:read' }],
  });
  expect(role.status, JSON.stringify(role.json)).toBe(201);
  const userName = uniq('viewer');
  const password = 'Viewer-Passw0rd-1';
  const user = await admin.post('/security/users', { userName, email: `${userName}@example.com`, userType: 'Manager', password, roles: [roleName] });
  expect(user.status, JSON.stringify(user.json)).toBe(201);

  await page.goto('/');
  await page.getByLabel('Username').fill(userName);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('dashboard')).toBeVisible();

  const menu = page.getByRole('menuitem');
  await expect(page.getByRole('menuitem', { name: 'Products' })).toBeVisible();
  await expect(page.getByRole('menuitem', { name: 'Catalogs' })).toBeVisible();
  for (const hidden of ['Users', 'Roles', 'Permissions', 'API keys', 'Jobs', 'Settings', 'Change history', 'Price lists', 'Assignments', 'Price preview', 'Search index']) {
    await expect(menu.filter({ hasText: new RegExp(`^${hidden}$`) })).toHaveCount(0);
  }
  await expect(page.getByTestId('count-users')).toHaveCount(0);
  await page.waitForLoadState('networkidle');
  await shot(page, 'restricted-dashboard');

  await page.getByRole('menuitem', { name: 'Products' }).click();
  await expect(page.getByRole('columnheader', { name: 'Name' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Create' })).toHaveCount(0);
  await expect(page.getByRole('checkbox', { name: 'Select all' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Search & facets' })).toHaveCount(0);
  await shot(page, 'restricted-products');

  // A forbidden page says so instead of failing.
  await page.goto('/users');
  await expect(page.getByText(/Access denied|permissions to access this page/).first()).toBeVisible();
  await shot(page, 'restricted-users-denied');
});
