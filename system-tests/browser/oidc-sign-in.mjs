// Signs in to a DTaaS whose gateway uses an OIDC provider (Keycloak), and out of both.
// Usage: BASE_URL=... DTAAS_USER=kim DTAAS_PASSWORD=... PROVIDER=Keycloak SCREENSHOTS=dir node oidc-sign-in.mjs
import { check, launchChromium } from './chromium.mjs';
import { mkdirSync } from 'node:fs';

const base = process.env.BASE_URL;
const user = process.env.DTAAS_USER;
const password = process.env.DTAAS_PASSWORD;
const provider = process.env.PROVIDER || 'Keycloak';
const shots = process.env.SCREENSHOTS || 'target/screenshots';
mkdirSync(shots, { recursive: true });

// Keycloak's own login form
async function providerSignIn(page) {
  await page.locator('#username').waitFor();
  await page.locator('#username').fill(user);
  await page.locator('#password').fill(password);
  await page.locator('#kc-login').click();
}

const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(20000);

  await page.goto(`${base}/twins`);
  const button = page.getByRole('link', { name: `Sign in with ${provider}` });
  await button.waitFor();
  check(page.url().includes('/login'), 'a signed-out visitor lands on the login page, which offers the provider');
  await page.screenshot({ path: `${shots}/oidc-login.png` });

  await button.click();
  await page.locator('#username').waitFor();
  check(!page.url().startsWith(base), "the browser is at the provider's sign-in page");
  await page.screenshot({ path: `${shots}/oidc-provider.png` });
  await providerSignIn(page);

  await page.getByTestId('signed-in-user').waitFor();
  check((await page.getByTestId('signed-in-user').textContent()).startsWith(user), 'back in DTaaS, signed in as the provider user');
  check(page.url().endsWith('/twins'), 'the page asked for before sign-in opens');
  await page.getByRole('tablist', { name: 'Main menu' }).getByRole('tab', { name: 'Library' }).click();
  await page.getByRole('table', { name: 'Files' }).waitFor();
  check(true, "the user's library opens");
  await page.screenshot({ path: `${shots}/oidc-signed-in.png` });

  const me = await page.evaluate(async () => (await fetch('/auth/me')).status);
  check(me === 200, 'the session works for API calls from the page');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL((url) => url.toString().startsWith(`${base}/login`));
  await page.getByRole('link', { name: `Sign in with ${provider}` }).waitFor();
  const after = await page.evaluate(async () => (await fetch('/auth/me')).status);
  check(after === 401, 'signed out of DTaaS');

  // the provider's session ended too: signing in again needs the password, not a silent redirect
  await page.getByRole('link', { name: `Sign in with ${provider}` }).click();
  await page.locator('#username').waitFor();
  check(!page.url().startsWith(base), 'signing in again asks Keycloak for the password');
  await page.screenshot({ path: `${shots}/oidc-signed-out.png` });
} finally {
  await browser.close();
}
