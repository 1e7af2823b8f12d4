import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, expect, test, vi } from 'vitest';
import WorkbenchPage from '../pages/WorkbenchPage.jsx';

const tools = (ready) => [
  { name: 'lab', title: 'Jupyter Lab', path: '/alice/lab', available: false, ready: false, reason: 'JupyterLab is not packaged in Debian' },
  { name: 'notebook', title: 'Jupyter Notebook', path: '/alice/tree', available: true, ready, reason: null },
];
const status = (state, ready) => ({
  user: 'alice', state, backend: 'local', tools: tools(ready), reason: null, sandboxed: true, events: [],
});

function reply(body) {
  if (body === undefined) body = [];
  return Promise.resolve(new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } }));
}

afterEach(() => vi.restoreAllMocks());

test('a stopped workspace offers start; once running its ready tools open in a new tab', async () => {
  const fetch = vi.spyOn(globalThis, 'fetch');
  fetch.mockImplementation((url) => (String(url).endsWith('/published') ? reply([]) : reply(status('running', true))));
  fetch.mockImplementationOnce(() => reply(status('stopped', false)));
  render(<WorkbenchPage me={{ user: 'alice' }} />);
  expect((await screen.findByTestId('tool-notebook')).textContent).toContain('Start the workspace');
  expect(screen.getByTestId('tool-lab').textContent).toContain('not packaged in Debian');

  fireEvent.click(screen.getByRole('button', { name: 'Start workspace' }));
  const link = await screen.findByRole('link', { name: 'Open Jupyter Notebook' });
  expect(link.getAttribute('href')).toBe('/alice/tree');
  expect(link.getAttribute('target')).toBe('_blank');
  expect(screen.queryByRole('link', { name: 'Open Jupyter Lab' })).toBeNull();
  const start = fetch.mock.calls.find(([url]) => url === '/api/workspaces/alice/start');
  expect(start[1].method).toBe('POST');
  await waitFor(() => expect(screen.getByRole('button', { name: 'Stop workspace' })).toBeTruthy());
});
