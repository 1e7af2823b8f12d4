// Signs in to a running DTaaS in Debian's chromium and walks the menu, as a new user would.
// Usage: BASE_URL=http://127.0.0.1:8080 DTAAS_USER=admin DTAAS_PASSWORD=... SCREENSHOTS=dir node sign-in.mjs
import { check, launchChromium } from './chromium.mjs';
import { mkdirSync } from 'node:fs';

const base = process.env.BASE_URL;
const user = process.env.DTAAS_USER;
const password = process.env.DTAAS_PASSWORD;
const shots = process.env.SCREENSHOTS || 'target/screenshots';
mkdirSync(shots, { recursive: true });

const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(15000);

  await page.goto(`${base}/library`);
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  check(page.url().includes('/login'), 'a signed-out visitor lands on the login page');
  await page.screenshot({ path: `${shots}/login.png` });

  await page.getByLabel('User name').fill(user);
  await page.getByLabel('Password').fill('certainly-wrong');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const alert = await page.getByRole('alert').textContent();
  check(alert.includes('Wrong user name or password'), 'a wrong password is refused with a clear message');

  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  for (const item of ['Library', 'Digital Twins', 'Workbench', 'Services']) {
    await page.getByRole('tablist', { name: 'Main menu' }).getByRole('tab', { name: item }).waitFor();
  }
  check(true, 'the signed-in shell shows Library, Digital Twins, Workbench and Services');
  check((await page.getByTestId('signed-in-user').textContent()).startsWith(user), 'the shell names the user');
  await page.getByRole('table', { name: 'Files' }).getByRole('button', { name: 'digital twins', exact: true }).waitFor();
  check((await page.getByRole('tablist', { name: 'Asset kinds' }).getByRole('tab', { selected: true }).count()) === 0,
    "the library opens on the root of the user's library, its kinds' folders listed");
  await page.getByRole('tablist', { name: 'Asset kinds' }).getByRole('tab', { name: 'Digital Twins' }).click();
  await page.getByRole('table', { name: 'Files' }).getByText('hello-world').waitFor();
  check(page.url().endsWith('/library/digital%20twins'), "each kind is a tab with its own address, listing the user's assets");
  await page.screenshot({ path: `${shots}/library.png` });

  // the file manager: a deep link, an upload with progress, the same bytes back, a text file edited
  await page.goto(`${base}/library/data`);
  check((await page.getByRole('tablist', { name: 'Asset kinds' }).getByRole('tab', { name: 'Data' }).getAttribute('aria-selected')) === 'true', 'a /library/data link opens the Data tab');
  await page.getByTestId('kind-help').waitFor();
  const payload = Buffer.alloc(3 * 1024 * 1024 + 7);
  for (let i = 0; i < payload.length; i += 1) payload[i] = (i * 31 + 7) % 251;
  await page.getByTestId('upload-files').setInputFiles({ name: 'measurements.bin', mimeType: 'application/octet-stream', buffer: payload });
  await page.locator('[data-testid=upload][data-state=done]').waitFor({ timeout: 30000 });
  await page.getByRole('table', { name: 'Files' }).getByText('measurements.bin').waitFor();
  check(true, 'an uploaded file shows its progress and is listed');
  // the same name again: asked first; "keep both" uploads it under a new name, nothing is replaced
  await page.getByTestId('upload-files').setInputFiles({ name: 'measurements.bin', mimeType: 'application/octet-stream', buffer: Buffer.from('other') });
  await page.getByRole('dialog').getByText('Replace what is there?').waitFor();
  await page.getByRole('dialog').getByRole('button', { name: 'Keep both' }).click();
  await page.getByRole('table', { name: 'Files' }).getByText('measurements (1).bin').waitFor();
  check(true, 'an upload onto an existing name asks, and keeps both');
  const back = await page.request.get(`${base}/api/library/raw/${encodeURIComponent(user)}/data/measurements.bin`);
  check(Buffer.compare(await back.body(), payload) === 0, 'the file downloads back byte-identical');
  await page.getByRole('button', { name: 'New file' }).click();
  await page.getByLabel('File name (e.g. README.md)').fill('notes.md');
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByTestId('code-editor').waitFor(); // a new file opens in the editor at once
  await page.getByLabel('File content').fill('# Notes\n\nThe incubator runs **warm** today.\n');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('heading', { name: 'Notes', exact: true }).waitFor();
  check(true, 'a text file is created, edited and shown as Markdown');
  await page.screenshot({ path: `${shots}/library-editor.png` });
  // a program written in the browser can be made executable (what a twin's lifecycle needs to run)
  await page.getByRole('switch', { name: /Executable/ }).click();
  let listed = null;
  for (let i = 0; i < 50 && !listed?.executable; i += 1) {
    const tree = await page.request.get(`${base}/api/library/tree/${encodeURIComponent(user)}/data`);
    listed = (await tree.json()).find((e) => e.name === 'notes.md');
    if (!listed?.executable) await page.waitForTimeout(100);
  }
  check(listed?.executable === true, 'the Executable switch makes the file executable in the library');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${shots}/library-editor-390.png` });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByRole('button', { name: 'Close' }).click();
  const saved = await page.request.get(`${base}/api/library/raw/${encodeURIComponent(user)}/data/notes.md`);
  check((await saved.text()).includes('runs **warm** today'), 'the edit is saved in the library');

  // copy to my library: a common twin copied on the server into the user's own tree, still runnable
  await page.goto(`${base}/library/common/digital%20twins`);
  await page.getByRole('button', { name: 'Actions for incubator' }).click();
  await page.getByRole('menuitem', { name: 'Copy to my library' }).click();
  check((await page.getByLabel('Path of the copy in your library').inputValue()) === `${user}/digital twins/incubator`,
    'the copy is proposed at the same place in the own library');
  await page.getByLabel('Path of the copy in your library').fill(`${user}/digital twins/incubator-mine`);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${shots}/library-copy-390.png` });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByRole('button', { name: 'Copy', exact: true }).click();
  await page.getByRole('table', { name: 'Files' }).getByText('incubator-mine').waitFor();
  await page.getByRole('table', { name: 'Files' }).getByText('copied from common/digital twins/incubator').waitFor();
  check(true, 'the library shows where a copy came from');
  check(page.url().endsWith('/library/digital%20twins'), 'after the copy the own folder with the copy is shown');
  const lifecycle = await (await page.request.get(
    `${base}/api/library/tree/${encodeURIComponent(user)}/digital%20twins/incubator-mine/lifecycle`)).json();
  check(lifecycle.some((e) => e.name === 'execute' && e.executable === true), 'the copied twin keeps its executable programs');
  await page.screenshot({ path: `${shots}/library-copied.png` });
  await page.goto(`${base}/twins/incubator-mine`);
  await page.getByRole('button', { name: 'Run execute' }).click();
  await page.getByTestId('run-status').getByText('succeeded').waitFor({ timeout: 60000 });
  await page.getByRole('table', { name: 'Outputs' }).getByRole('link', { name: 'data/incubator/run.csv' }).waitFor();
  check(true, 'the copy of a common twin runs as the own twin, and its outputs are recorded');

  await page.getByRole('tablist', { name: 'Main menu' }).getByRole('tab', { name: 'Services' }).click();
  await page.getByRole('table', { name: 'Platform services' }).getByText('RabbitMQ (AMQP)').waitFor();
  check(true, 'the services page lists the platform services');
  const rabbit = page.locator('.MuiCard-root', { hasText: 'RabbitMQ (AMQP)' });
  await rabbit.getByLabel('username', { exact: true }).waitFor();
  check((await rabbit.getByLabel('username', { exact: true }).inputValue()) === `dtaas-${process.env.DTAAS_INSTALLATION_ID}-${user}`, 'the user sees their own RabbitMQ account');
  check((await rabbit.getByLabel('password', { exact: true }).inputValue()).startsWith('•'), 'passwords stay hidden until revealed');
  await rabbit.getByRole('button', { name: 'Reveal password' }).click();
  check(!(await rabbit.getByLabel('password', { exact: true }).inputValue()).startsWith('•'), 'a click reveals the password');
  await page.screenshot({ path: `${shots}/services.png` });

  await page.getByRole('tablist', { name: 'Main menu' }).getByRole('tab', { name: 'Digital Twins' }).click();
  const helloCard = page.locator('.MuiCard-root', { hasText: 'hello-world' }).first();
  await helloCard.waitFor();
  await page.screenshot({ path: `${shots}/twins.png` });
  await helloCard.getByRole('button', { name: 'Run execute' }).click();
  await page.getByTestId('run-log').getByText('step 5 of 5').waitFor();
  await page.getByTestId('run-status').getByText('succeeded').waitFor();
  check(page.url().includes('/twins/hello-world/runs/'), 'a phase button opens the run with its live log');
  await page.screenshot({ path: `${shots}/run.png` });
  await page.getByRole('link', { name: 'hello-world', exact: true }).click();
  await page.getByRole('table', { name: 'Runs' }).getByText('succeeded').first().waitFor();
  check(true, "the twin's page lists its runs");
  // a phone: every phase button reachable (they wrap), nothing scrolls sideways; clean asks first
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole('button', { name: 'Run clean' }).waitFor();
  check(await page.evaluate(() => document.documentElement.scrollWidth <= 390), 'the twin page fits 390 px');
  const clean = await page.getByRole('button', { name: 'Run clean' }).boundingBox();
  check(clean && clean.x >= 0 && clean.x + clean.width <= 390, 'the clean button is on screen at 390 px');
  await page.getByRole('button', { name: 'Run clean' }).click();
  await page.getByRole('dialog').getByText('removes what the twin made').waitFor();
  await page.waitForTimeout(400); // the dialog fades in
  await page.screenshot({ path: `${shots}/twin-390-confirm.png` });
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  check(page.url().match(/\/twins\/hello-world$/) !== null, 'cancelled: no run started');
  await page.setViewportSize({ width: 1280, height: 800 });

  // a twin made and run entirely in the browser: home → new twin from a template → edit its execute
  // program → run it → its provenance and outputs; then a copied common twin runs as the user's own
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.getByRole('tablist', { name: 'Main menu' }).getByRole('tab', { name: 'Home' }).click();
  await page.getByRole('heading', { name: `Welcome, ${user}` }).waitFor();
  const helloOnHome = page.getByRole('list', { name: 'My digital twins' }).getByRole('listitem').filter({ hasText: 'hello-world' });
  await helloOnHome.getByText(/execute (succeeded|failed)/).waitFor();
  check(true, 'the home page lists the twins with their last run');
  check((await page.title()) === 'Home · DTaaS', 'each page names its tab');
  await page.screenshot({ path: `${shots}/home.png` });
  await page.getByRole('button', { name: 'New twin' }).click();
  await page.getByRole('dialog').getByLabel('Name').fill('two words');
  check(await page.getByRole('dialog').getByRole('button', { name: 'Create' }).isDisabled(), 'a bad twin name cannot be sent');
  await page.getByRole('dialog').getByLabel('Name').fill('browser-made');
  await page.getByRole('dialog').getByLabel(/Hello world/).check();
  await page.waitForTimeout(300); // the dialog fades in
  await page.screenshot({ path: `${shots}/new-twin.png` });
  await page.getByRole('dialog').getByRole('button', { name: 'Create' }).click();
  await page.getByText('Your twin is ready').waitFor();
  check(page.url().includes('/twins/browser-made'), 'a new twin from a template opens its page');
  await page.getByRole('link', { name: 'execute program' }).click();
  await page.getByTestId('code-editor').waitFor();
  check(true, 'its execute program opens in the code editor');
  await page.getByLabel('File content').fill('#!/bin/bash\necho "written in the browser"\nmkdir -p "$WORKSPACE/data/browser-made"\n'
    + 'echo 42 > "$WORKSPACE/data/browser-made/answer.txt"\n');
  await page.screenshot({ path: `${shots}/editor.png` });
  await page.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('dialog').getByText('Discard unsaved changes?').waitFor();
  check(true, 'closing the editor with unsaved changes asks first');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('button', { name: 'Edit' }).waitFor();
  await page.getByRole('button', { name: 'Close' }).click();
  const edited = (await (await page.request.get(
    `${base}/api/library/tree/${encodeURIComponent(user)}/digital%20twins/browser-made/lifecycle`)).json()).find((e) => e.name === 'execute');
  check(edited.executable === true, 'the edited program is still executable');
  await page.goto(`${base}/twins/browser-made`);
  await page.getByRole('button', { name: 'Run execute' }).click();
  await page.getByTestId('run-log').getByText('written in the browser').waitFor();
  // the run's end comes after its outputs are recorded (provenance), which takes longer on a busy machine
  await page.getByTestId('run-status').getByText('succeeded').waitFor({ timeout: 45000 });
  check(true, 'the twin written in the browser runs');
  const output = page.getByRole('table', { name: 'Outputs' }).getByRole('link', { name: 'data/browser-made/answer.txt' });
  await output.waitFor();
  check((await page.getByRole('table', { name: 'Inputs' }).getByText(/lifecycle\/execute \(the program\)/).count()) === 1,
    'the run page shows the provenance: the program it ran and the outputs it wrote');
  await page.screenshot({ path: `${shots}/run-provenance.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  check(await page.evaluate(() => document.documentElement.scrollWidth <= 390), 'the run page with its provenance fits 390 px');
  await page.screenshot({ path: `${shots}/run-provenance-390.png`, fullPage: true });
  await page.setViewportSize({ width: 1440, height: 900 });
  await output.click();
  check((await page.getByTestId('file-text').textContent()) === '42\n', 'an output opens from the provenance in the library');
  await page.getByRole('button', { name: 'Close' }).click();
  await page.goto(`${base}/`);
  await page.getByRole('heading', { name: `Welcome, ${user}` }).waitFor();
  await page.getByRole('list', { name: 'Recent runs' }).getByText('execute · browser-made').first().waitFor();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  check(await page.evaluate(() => document.documentElement.scrollWidth <= 390), 'the home page fits 390 px');
  await page.screenshot({ path: `${shots}/home-390.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.goto(`${base}/lib`);
  await page.getByRole('button', { name: /Run/ }).click();
  await page.locator('#answer').getByText('listDirectory').waitFor();
  check(true, 'GET /lib opens the GraphQL console and runs a query');
  await page.screenshot({ path: `${shots}/graphql-console.png` });
  await page.goto(`${base}/library`);

  await page.getByRole('tablist', { name: 'Main menu' }).getByRole('tab', { name: 'Workbench' }).click();
  await page.getByTestId('tool-lab').waitFor();
  check(true, 'the workbench lists the workspace tools');
  await page.getByTestId('workspace-state').waitFor();
  const start = page.getByRole('button', { name: 'Start workspace' });
  if (await start.isVisible()) await start.click(); // (a workspace that ran before a restart is started again)
  await page.getByTestId('workspace-state').getByText('running').waitFor({ timeout: 60000 });
  await page.getByRole('link', { name: 'Open Terminal' }).waitFor();
  check(true, 'the workbench starts the workspace and its tools become ready');
  await page.screenshot({ path: `${shots}/workbench.png` });
  // the gateway takes the new routes at its next refresh (every second); a tool's address on the
  // platform's origin only hands the browser on to the user's tools origin (*.localhost: chromium
  // resolves it, Node's requests do not, so only the browser goes there)
  await page.waitForTimeout(2500);
  const handedOn = await page.request.get(`${base}/${user}/tree`, { maxRedirects: 0 });
  check(handedOn.status() === 302 && handedOn.headers().location.startsWith(`http://${user}.localhost:`),
    "a tool's address on the platform's origin hands on to the user's own tools origin");

  const [lab] = await Promise.all([page.waitForEvent('popup'), page.getByRole('link', { name: 'Open JupyterLab' }).click()]);
  await lab.locator('.jp-LabShell').waitFor({ timeout: 60000 });
  check(new URL(lab.url()).host === `${user}.localhost:${new URL(base).port}`, 'JupyterLab runs on the tools origin, not the platform\'s');
  await lab.locator('.jp-DirListing-item', { hasText: 'digital twins' }).first().waitFor({ timeout: 30000 });
  check(true, 'the JupyterLab tile opens JupyterLab 4 on the workspace');
  await lab.screenshot({ path: `${shots}/jupyterlab.png` });
  await lab.close();

  const [notebook] = await Promise.all([page.waitForEvent('popup'), page.getByRole('link', { name: 'Open Jupyter Notebook' }).click()]);
  await notebook.locator('.jp-DirListing-item', { hasText: 'digital twins' }).first().waitFor({ timeout: 60000 });
  check(true, 'the Notebook tile opens Notebook 7 on the workspace');
  await notebook.screenshot({ path: `${shots}/notebook.png` });
  await notebook.close();

  const [terminal] = await Promise.all([page.waitForEvent('popup'), page.getByRole('link', { name: 'Open Terminal' }).click()]);
  await terminal.locator('.xterm-screen').waitFor({ timeout: 60000 });
  await terminal.waitForTimeout(1000);
  await terminal.locator('.xterm-screen').click();
  // the workspaces' Python is on the terminal's PATH: what the shell writes comes back through the library
  await terminal.keyboard.type('python3 -c "import numpy; print(numpy.sum([6]*7))" > /workspace/data/from-terminal.txt\n');
  let written = '';
  for (let i = 0; i < 100 && !written.includes('42'); i += 1) {
    await terminal.waitForTimeout(200);
    const answer = await page.request.get(`${base}/api/library/raw/${user}/data/from-terminal.txt`);
    written = answer.ok() ? await answer.text() : '';
  }
  check(written.trim() === '42', 'the Terminal tile opens a shell in the workspace that runs its Python');
  await terminal.screenshot({ path: `${shots}/terminal.png` });
  await terminal.close();

  const [desktop] = await Promise.all([page.waitForEvent('popup'), page.getByRole('link', { name: 'Open Desktop' }).click()]);
  await desktop.locator('#noVNC_container canvas').waitFor();
  await desktop.waitForFunction(() => document.documentElement.classList.contains('noVNC_connected'), null, { timeout: 20000 });
  await desktop.waitForTimeout(3000);
  check(true, 'the Desktop tile connects noVNC through the gateway');
  await desktop.screenshot({ path: `${shots}/desktop.png` });
  await desktop.close();

  const [code] = await Promise.all([page.waitForEvent('popup'), page.getByRole('link', { name: 'Open VS Code' }).click()]);
  await code.locator('.monaco-workbench').waitFor({ timeout: 30000 });
  await code.waitForTimeout(3000);
  check(true, 'the VS Code tile opens the editor without a second sign-in');
  await code.screenshot({ path: `${shots}/vscode.png` });
  await code.close();

  // a page that a Jupyter serves (here a file in the user's library) cannot use the platform session,
  // even an admin's: it runs on the tools origin, where the platform's cookie is never sent
  const evil = `<div id="result">not run</div><script>
  (async () => {
    const base = new URLSearchParams(location.search).get('base');
    const out = [];
    try { const r = await fetch(base + '/auth/me', { credentials: 'include' }); out.push('me ' + r.status + ' ' + await r.text()); }
    catch (e) { out.push('me blocked'); }
    try {
      const r = await fetch(base + '/api/users', { method: 'POST', credentials: 'include', mode: 'no-cors',
        headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify({ name: 'mallory', password: 'mallory-password-1', admin: true }) });
      out.push('add sent ' + r.type);
    } catch (e) { out.push('add blocked'); }
    document.getElementById('result').textContent = out.join('; ');
  })();
  </script>`;
  const put = await page.request.put(`${base}/api/library/raw/${user}/data/evil.html`,
    { data: evil, headers: { 'X-Requested-With': 'dtaas-web', Origin: base } });
  check(put.ok(), 'a page is put into the library');
  const [attack] = await Promise.all([page.waitForEvent('popup'),
    page.evaluate((url) => window.open(url), `${base}/${user}/files/data/evil.html?base=${encodeURIComponent(base)}`)]);
  // the tool's address hands on to the tools origin (redirects): read the result once the page has settled
  let result = 'no page';
  for (let i = 0; i < 40 && !(result.includes('me ') && result.includes('add ')); i += 1) {
    await attack.waitForLoadState().catch(() => {});
    result = await attack.locator('#result').textContent({ timeout: 1000 }).catch(() => 'no page');
    if (!(result.includes('me ') && result.includes('add '))) await attack.waitForTimeout(500).catch(() => {});
  }
  check(result.includes('me ') && result.includes('add '), `the page's script ran, as a user's page would (${result})`);
  check(!result.includes('me 200'), `the page could not read who is signed in (${result})`);
  await attack.close();
  const users = await (await page.request.get(`${base}/api/users`)).text();
  check(!users.includes('mallory'), 'the page could not add a user with the admin\'s session');

  await page.getByRole('button', { name: 'Stop workspace' }).click();
  await page.getByTestId('workspace-state').getByText('stopped').waitFor({ timeout: 30000 });
  check(true, 'the workbench stops the workspace');

  // publishing into common/, reviewed: propose the twin made in the browser, review its changes, accept
  await page.goto(`${base}/library/digital%20twins`);
  await page.getByRole('button', { name: 'Actions for browser-made' }).click();
  await page.getByRole('menuitem', { name: 'Propose for common…' }).click();
  check((await page.getByLabel('Its place in common/ (an admin reviews it)').inputValue()) === 'common/digital twins/browser-made',
    'a proposal goes to the same place in common/');
  await page.getByRole('dialog').getByRole('button', { name: 'Propose' }).click();
  await page.getByText('Proposed: an admin will review browser-made').waitFor();
  await page.getByRole('tablist', { name: 'Main menu' }).getByRole('tab', { name: 'Admin' }).click();
  const proposal = page.getByRole('table', { name: 'Proposals' }).getByRole('row').filter({ hasText: 'browser-made' }).first();
  await proposal.getByRole('button', { name: 'Review' }).click();
  const changes = page.getByRole('table', { name: 'Proposed changes' });
  await changes.getByRole('row').filter({ hasText: 'lifecycle/execute' }).getByRole('button', { name: 'Show' }).click();
  await page.getByTestId('proposal-diff').getByText('+ echo "written in the browser"').waitFor();
  check(true, "an admin reviews a proposal: its files and the program's text");
  await page.screenshot({ path: `${shots}/proposal-review.png` });
  await page.getByRole('button', { name: 'Accept and publish' }).click();
  await proposal.getByText('accepted').waitFor();
  const published = await page.request.get(`${base}/api/library/raw/common/digital%20twins/browser-made/lifecycle/execute`);
  check(published.status() === 200 && (await published.text()).includes('written in the browser'),
    'an accepted proposal is published in common/');

  // the admin page: add a user from the browser, see workspaces and everyone's runs
  await page.getByRole('tablist', { name: 'Main menu' }).getByRole('tab', { name: 'Admin' }).click();
  await page.getByRole('table', { name: 'Users' }).getByRole('cell', { name: user, exact: true }).first().waitFor();
  await page.getByLabel('User name').fill('gina');
  await page.getByLabel('Password').fill('gina-password-1');
  await page.getByRole('button', { name: 'Add user' }).click();
  await page.getByText('gina added (library folders created)').waitFor();
  await page.getByRole('table', { name: 'Users' }).getByRole('cell', { name: 'gina', exact: true }).waitFor();
  check(true, 'an admin adds a user from the admin page');
  await page.getByRole('table', { name: 'Runs' }).getByText('hello-world').first().waitFor();
  check(true, "the admin page lists everyone's recent runs");
  await page.getByRole('button', { name: 'Use the dark theme' }).click();
  await page.screenshot({ path: `${shots}/admin-dark.png` });
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  check(background !== 'rgb(255, 255, 255)' && background !== 'rgb(246, 248, 251)', 'the dark theme darkens the page');
  await page.getByRole('button', { name: 'Use the light theme' }).click();
  const gina = await page.request.get(`${base}/api/library/tree/gina`);
  check(gina.status() === 200 && (await gina.text()).includes('digital twins'), "the new user's library folders exist");

  if (process.env.DTAAS_USER2) {
    // a user who is not an admin reads common/ but cannot change it
    const other = await browser.newContext();
    const page2 = await other.newPage({ viewport: { width: 1280, height: 800 } });
    await page2.goto(`${base}/login`);
    await page2.getByLabel('User name').fill(process.env.DTAAS_USER2);
    await page2.getByLabel('Password').fill(process.env.DTAAS_PASSWORD2);
    await page2.getByRole('button', { name: 'Sign in' }).click();
    await page2.getByRole('tablist', { name: 'Main menu' }).getByRole('tab', { name: 'Library' }).waitFor();
    await page2.goto(`${base}/library/common`);
    await page2.getByText('common/ is read-only for you').waitFor();
    check(await page2.getByRole('button', { name: 'Upload files' }).isDisabled(), 'a non-admin sees common/ read-only');
    await page2.screenshot({ path: `${shots}/library-common.png` });
    const refused = await page2.request.put(`${base}/api/library/raw/common/data/sneaky.txt`,
      { data: 'x', headers: { 'X-Requested-With': 'dtaas-web', Origin: base } });
    check(refused.status() === 403, 'and the platform refuses their write to common/');
    await other.close();
  }

  // a phone: every page fits 390 px (nothing scrolls sideways) and names its tab
  await page.setViewportSize({ width: 390, height: 844 });
  for (const [path, title] of [['/', 'Home'], ['/library', 'Library'], ['/twins', 'Digital Twins'],
    ['/twins/hello-world', 'hello-world'], ['/workbench', 'Workbench'], ['/services', 'Services'], ['/admin', 'Admin']]) {
    await page.goto(`${base}${path}`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await page.waitForLoadState('networkidle');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    check(width <= 390 && (await page.title()).includes(title), `${path} fits 390 px (${width}) and its tab says ${title}`);
    await page.screenshot({ path: `${shots}/phone${path.replace(/\//g, '-') || '-home'}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  const me = await page.request.get(`${base}/auth/me`);
  check(me.status() === 401, 'after sign-out the session is gone');
} finally {
  await browser.close();
}
