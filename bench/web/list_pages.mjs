#!/usr/bin/env node
// Back-office list pages (issue 7: "every list page loads in under 1 s with the 2,000-product
// demo data"): starts BUILD_DIR/bin/emporion with --seed demo on a free port, opens the back
// office in Debian's Chromium (headless, playwright-core from tests/web/node_modules, no
// downloaded browser), and for each list page navigates to it ROUNDS times from the dashboard,
// timing the click until the first data row is visible. Prints median and p99 (= the slowest of
// the rounds when there are fewer than 100) per page. Never run by the tests.
//   node bench/web/list_pages.mjs [BUILD_DIR] [ROUNDS]
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(path.join(root, 'tests/web/package.json'));
const { chromium } = require('playwright-core');

const build = path.resolve(root, process.argv[2] ?? 'build');
const rounds = Number(process.argv[3] ?? 10);
const password = 'Bench-Passw0rd!';
// The menu entries of the list pages; a page counts as loaded when its first data row shows.
const pages = ['Products', 'Catalogs', 'Price lists', 'Stock', 'Fulfillment centers', 'Contacts', 'Organizations', 'Stores', 'Users', 'Languages', 'Currencies'];

const data = fs.mkdtempSync(path.join(os.tmpdir(), 'emporion-list-bench-'));
const server = spawn(path.join(build, 'bin/emporion'),
  ['serve', '--listen', '127.0.0.1:0', '--data', path.join(data, 'data'), '--seed', 'demo'],
  { env: { ...process.env, EMPORION_ADMIN_PASSWORD: password }, stdio: ['ignore', 'pipe', 'ignore'] });
const url = await new Promise((resolve, reject) => {
  let out = '';
  server.stdout.on('data', (chunk) => {
    out += chunk;
    const m = out.match(/listening on (http:\/\/\S+)/);
    if (m) resolve(m[1]);
  });
  server.on('exit', () => reject(new Error('the server exited')));
});

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] });
try {
  const tokenResponse = await fetch(`${url}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: `grant_type=password&username=admin&password=${encodeURIComponent(password)}`,
  });
  const tok = await tokenResponse.json();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.addInitScript((t) => {
    localStorage.setItem('emporion.auth', JSON.stringify({ accessToken: t.access_token, refreshToken: t.refresh_token, expiresAt: Date.now() + 3600 * 1000 }));
    localStorage.setItem('emporion.locale', 'en');
  }, tok);
  await page.goto(url + '/');
  await page.getByTestId('dashboard').waitFor();
  const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  console.log(`list pages, ${rounds} rounds each, load ${os.loadavg()[0].toFixed(2)}`);
  for (const name of pages) {
    const times = [];
    for (let i = 0; i < rounds; i++) {
      await page.goto(url + '/');
      await page.getByTestId('dashboard').waitFor();
      const item = page.getByRole('menuitem', { name, exact: true });
      if ((await item.count()) === 0) break;
      const started = performance.now();
      await item.click();
      try {
        await page.getByRole('row').nth(1).waitFor({ timeout: 15000 });
      } catch {
        console.log(`${name.padEnd(12)} no data row within 15 s`);
        break;
      }
      times.push(performance.now() - started);
    }
    if (times.length === 0) {
      console.log(`${name.padEnd(12)} (no menu entry)`);
      continue;
    }
    times.sort((a, b) => a - b);
    console.log(`${name.padEnd(12)} median ${pct(times, 50).toFixed(0)} ms, p99 ${pct(times, 99).toFixed(0)} ms`);
  }
} finally {
  await browser.close();
  server.kill('SIGTERM');
  await new Promise((resolve) => server.on('exit', resolve));
  fs.rmSync(data, { recursive: true, force: true });
}
