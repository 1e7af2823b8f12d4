import { render, screen, fireEvent, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, expect, test, vi } from 'vitest';
import App from './App.jsx';

function reply(status, body, headers = {}) {
  return Promise.resolve(new Response(body === null ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  }));
}

afterEach(() => vi.restoreAllMocks());

test('a signed-out visitor gets the login form', async () => {
  vi.spyOn(globalThis, 'fetch').mockImplementation(() => reply(401, { message: 'Not signed in' }));
  render(<MemoryRouter initialEntries={['/library']}><App /></MemoryRouter>);
  expect(await screen.findByRole('button', { name: 'Sign in' })).toBeTruthy();
});

test('a wrong password shows the gateway message and 429 says when to retry', async () => {
  const logins = [
    () => reply(401, { message: 'Wrong user name or password.' }),
    () => reply(429, { message: 'slow down' }, { 'Retry-After': '42' }),
  ];
  const fetch = vi.spyOn(globalThis, 'fetch').mockImplementation((url) => {
    if (url === '/auth/config') return reply(200, { passwords: true, oidc: null });
    if (url === '/auth/login') return logins.shift()();
    return reply(401, { message: 'Not signed in' });
  });
  render(<MemoryRouter initialEntries={['/login']}><App /></MemoryRouter>);
  await screen.findByRole('button', { name: 'Sign in' });
  fireEvent.change(screen.getByLabelText(/User name/), { target: { value: 'alice' } });
  fireEvent.change(screen.getByLabelText(/Password/), { target: { value: 'nope' } });

  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
  expect((await screen.findByRole('alert')).textContent).toContain('Wrong user name or password.');

  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
  await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('42 seconds'));
  const [, options] = fetch.mock.calls.find(([url]) => url === '/auth/login');
  expect(options.headers['X-Requested-With']).toBe('dtaas-web');
});

test('with an OIDC provider the login page offers it, and hides passwords when they are off', async () => {
  vi.spyOn(globalThis, 'fetch').mockImplementation((url) => url === '/auth/config'
    ? reply(200, { passwords: false, oidc: { name: 'Keycloak', login: '/auth/oidc/login' } })
    : reply(401, { message: 'Not signed in' }));
  render(<MemoryRouter initialEntries={['/login?next=%2Ftwins']}><App /></MemoryRouter>);
  const button = await screen.findByRole('link', { name: 'Sign in with Keycloak' });
  expect(button.getAttribute('href')).toBe('/auth/oidc/login?next=%2Ftwins');
  expect(screen.queryByLabelText(/Password/)).toBeNull();
});

test('a signed-in user sees the menu and their name', async () => {
  vi.spyOn(globalThis, 'fetch').mockImplementation((url) =>
    url === '/auth/me' ? reply(200, { user: 'alice', admin: false }) : reply(200, []));
  render(<MemoryRouter initialEntries={['/']}><App /></MemoryRouter>);
  for (const item of ['Home', 'Library', 'Digital Twins', 'Workbench', 'Services']) {
    expect(await screen.findByRole('tab', { name: item })).toBeTruthy();
  }
  expect(screen.getByTestId('signed-in-user').textContent).toBe('alice');
  expect(screen.getByRole('button', { name: 'Sign out' })).toBeTruthy();
});

test('a session that ends while the app is open leads back to the login page', async () => {
  let signedIn = true;
  vi.spyOn(globalThis, 'fetch').mockImplementation((url) => {
    if (url === '/auth/me') return reply(200, { user: 'alice', admin: false });
    if (url === '/auth/config') return reply(200, { passwords: true, oidc: null });
    return signedIn ? reply(200, []) : reply(499, null);
  });
  render(<MemoryRouter initialEntries={['/twins']}><App /></MemoryRouter>);
  await screen.findByRole('tab', { name: 'Digital Twins' });
  signedIn = false;
  fireEvent.click(screen.getByRole('tab', { name: 'Services' }));
  expect(await screen.findByRole('button', { name: 'Sign in' })).toBeTruthy();
});
