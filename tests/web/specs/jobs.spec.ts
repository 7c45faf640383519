// Jobs: a job started through the API shows in the list with its progress, and its detail page
// follows it live until it finishes.
import { apiAs, expect, shot, signInWithToken, test, token } from './support';

test('jobs page shows a job running to the end', async ({ page, request }) => {
  const t = await token(request);
  const admin = apiAs(request, t);
  const started = await admin.post('/jobs/maintenance');
  expect(started.status, JSON.stringify(started.json)).toBe(202);
  const jobId = started.json.id as string;

  await signInWithToken(page, t);
  await page.goto('/jobs');
  const row = page.getByRole('row').filter({ hasText: 'Maintenance' }).first();
  await expect(row).toBeVisible();
  await expect(row.getByTestId('job-progress')).toBeVisible();
  await shot(page, 'jobs');

  await page.goto(`/jobs/${jobId}/show`);
  await expect(page.getByTestId('job-status')).toHaveAttribute('data-status', 'succeeded', { timeout: 20_000 });
  await expect(page.getByText('No errors.')).toBeVisible();
  await shot(page, 'job-detail');
});
