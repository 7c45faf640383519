// Switching the UI language to German changes menus, titles and buttons, and stays after a reload.
import { expect, shot, signInWithToken, test, token } from './support';

test('switching to German shows German texts', async ({ page, request }) => {
  await signInWithToken(page, await token(request));
  await page.goto('/');
  await expect(page.getByRole('heading', { name: /Welcome back/ })).toBeVisible();

  await page.getByRole('button', { name: 'Language' }).click();
  await page.getByRole('menuitem', { name: 'Deutsch' }).click();

  await expect(page.getByRole('heading', { name: /Willkommen zurück/ })).toBeVisible();
  await expect(page.getByRole('menuitem', { name: 'Übersicht' })).toBeVisible();
  await expect(page.getByRole('menuitem', { name: 'Benutzer' })).toBeVisible();
  await expect(page.getByRole('menuitem', { name: 'Aufträge' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  await shot(page, 'dashboard-de');

  await page.getByRole('menuitem', { name: 'Benutzer' }).click();
  await expect(page.getByRole('columnheader', { name: 'Benutzername' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Anlegen' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('columnheader', { name: 'Benutzername' })).toBeVisible();
  await shot(page, 'users-de');

  // Back to English for whoever comes next.
  await page.getByRole('button', { name: 'Sprache' }).click();
  await page.getByRole('menuitem', { name: 'English' }).click();
  await expect(page.getByRole('columnheader', { name: 'User name' })).toBeVisible();
});
