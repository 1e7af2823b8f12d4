// A page someone published, opened by a signed-in admin: it runs on the published services' own
// origin and gets nothing of the admin's session (it cannot read who is signed in, the admin's files
// or credentials, and cannot add a user).
// Usage: BASE_URL=... PUBLISHED_URL=<address with ?token=...> DTAAS_USER=admin DTAAS_PASSWORD=... node published-page.mjs
import { check, launchChromium } from './chromium.mjs';

const base = process.env.BASE_URL;
const browser = await launchChromium();
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  await page.goto(`${base}/login`);
  await page.getByLabel('User name').fill(process.env.DTAAS_USER);
  await page.getByLabel('Password').fill(process.env.DTAAS_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('tablist', { name: 'Main menu' }).waitFor();
  check(true, 'the admin is signed in on the platform');

  const url = new URL(process.env.PUBLISHED_URL);
  url.searchParams.set('base', base);
  const visit = await context.newPage();
  await visit.goto(url.toString());
  await visit.waitForFunction(() => document.getElementById('result')?.textContent.includes('done'), null, { timeout: 20000 });
  const result = await visit.locator('#result').textContent();
  check(new URL(visit.url()).origin !== new URL(base).origin, `the published page is on an origin of its own (${visit.url()})`);
  check(!result.includes(' 200'), `the page read nothing of the platform with the admin's session (${result})`);
  const users = await (await page.request.get(`${base}/api/users`)).text();
  check(!users.includes('mallory'), "the page could not add a user with the admin's session");
} finally {
  await browser.close();
}
