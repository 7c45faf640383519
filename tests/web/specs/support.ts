// Shared helpers of the back-office tests: API calls with an admin token, signing in through
// the UI or by planting a token, screenshots under SCREENSHOT_DIR, and a check that the page
// logged no console errors.
import { type APIRequestContext, expect, type Page, test as base } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const ADMIN = { username: 'admin', password: process.env.EMPORION_ADMIN_PASSWORD ?? 'Admin-Passw0rd!' };
const SHOTS = process.env.SCREENSHOT_DIR ?? path.resolve(process.cwd(), '../../build/screenshots');

export interface Token {
  access_token: string;
  refresh_token?: string;
  expires_in?: number;
}

export async function token(request: APIRequestContext, username = ADMIN.username, password = ADMIN.password): Promise<Token> {
  const res = await request.post('/api/v1/auth/token', { form: { grant_type: 'password', username, password } });
  expect(res.status(), await res.text()).toBe(200);
  return res.json();
}

/** A small API client acting as the given token. */
export function apiAs(request: APIRequestContext, t: Token) {
  const headers = { Authorization: `Bearer ${t.access_token}` };
  const call = async (method: string, url: string, data?: unknown, extra: Record<string, string> = {}) => {
    const res = await request.fetch(`/api/v1${url}`, { method, headers: { ...headers, ...extra }, data });
    const text = await res.text();
    return { status: res.status(), json: text ? JSON.parse(text) : undefined, headers: res.headers() };
  };
  return {
    get: (url: string) => call('GET', url),
    post: (url: string, data?: unknown) => call('POST', url, data ?? {}),
    patch: (url: string, data: unknown, version?: number) =>
      call('PATCH', url, data, { 'Content-Type': 'application/merge-patch+json', ...(version !== undefined ? { 'If-Match': `"${version}"` } : {}) }),
    del: (url: string) => call('DELETE', url),
  };
}

/** Signs in without the login form: plants the token where the app keeps it. */
export async function signInWithToken(page: Page, t: Token, locale: 'en' | 'de' = 'en') {
  await page.addInitScript(
    ([tok, loc]) => {
      if (!sessionStorage.getItem('emporion.test.planted')) {
        localStorage.setItem(
          'emporion.auth',
          JSON.stringify({ accessToken: tok.access_token, refreshToken: tok.refresh_token, expiresAt: Date.now() + (tok.expires_in ?? 900) * 1000 }),
        );
        localStorage.setItem('emporion.locale', loc);
        sessionStorage.setItem('emporion.test.planted', '1');
      }
    },
    [t, locale] as const,
  );
}

export async function shot(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: false });
}

export const uniq = (prefix: string) => `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

/**
 * `page` that records console errors and uncaught exceptions; a test fails if any were seen.
 * `allowHttpErrors` lists statuses whose "Failed to load resource" console lines are expected.
 */
export const test = base.extend<{ consoleErrors: string[]; allowHttpErrors: number[] }>({
  allowHttpErrors: [[], { option: true }],
  consoleErrors: [
    async ({ page, allowHttpErrors }, use) => {
    const errors: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      const text = msg.text();
      // The demo catalog's image URLs name an outside host (images.example.com) that this
      // offline machine cannot resolve; a thumbnail that fails to load is not an app error.
      if (text.includes('net::ERR_NAME_NOT_RESOLVED')) return;
      const m = /status of (\d{3})/.exec(text);
      if (m && allowHttpErrors.includes(Number(m[1]))) return;
      errors.push(text);
    });
    page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
    await use(errors);
    expect(errors, 'console errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
