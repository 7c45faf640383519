// Signing in: wrong password is refused with a message; the admin lands on the dashboard.
import { ADMIN, expect, shot, test } from './support';

test.use({ allowHttpErrors: [400] });

test('admin signs in and sees the dashboard', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Sign in to the back office' })).toBeVisible();
  await shot(page, 'login');

  await page.getByLabel('Username').fill(ADMIN.username);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('Wrong user name or password');

  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('dashboard')).toBeVisible();
  await expect(page.getByRole('heading', { name: /Welcome back, admin/ })).toBeVisible();
  // Counts come from the list totals.
  await expect(page.getByTestId('count-users')).toHaveText(/^\d[\d,]*$/);
  // The menu offers every area to the administrator.
  for (const item of ['Dashboard', 'Users', 'Roles', 'Jobs', 'Settings']) {
    await expect(page.getByRole('menuitem', { name: item })).toBeVisible();
  }
  await page.waitForLoadState('networkidle');
  await shot(page, 'dashboard');

  // Signing out returns to the login page.
  await page.getByRole('button', { name: 'Profile' }).click();
  await page.getByRole('menuitem', { name: 'Logout' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to the back office' })).toBeVisible();
});
