import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, expect, test, vi } from 'vitest';
import { ExecutableSwitch } from './FileDialog.jsx';

afterEach(() => vi.unstubAllGlobals());

const file = (executable) => ({ name: 'execute', type: 'file', size: 20, executable });

test('the switch sets the mode on the server and shows what the server did', async () => {
  const fetch = vi.fn(async () => new Response(JSON.stringify({ path: 'alice/t/lifecycle/execute', executable: true }),
    { status: 200, headers: { 'Content-Type': 'application/json' } }));
  vi.stubGlobal('fetch', fetch);
  const onChanged = vi.fn();
  render(<ExecutableSwitch path="alice/digital twins/t/lifecycle/execute" entry={file(false)} writable onChanged={onChanged}
    onError={vi.fn()} />);
  const toggle = screen.getByRole('switch', { name: /Executable/ });
  expect(toggle.checked).toBe(false);
  fireEvent.click(toggle);
  await waitFor(() => expect(onChanged).toHaveBeenCalled());
  const [url, request] = fetch.mock.calls[0];
  expect(url).toBe('/api/library/mode/alice/digital%20twins/t/lifecycle/execute');
  expect(request.method).toBe('POST');
  expect(JSON.parse(request.body)).toEqual({ executable: true });
  expect(screen.getByRole('switch', { name: /Executable/ }).checked).toBe(true);
});

test('a refusal is shown and the switch stays as it was; read-only and GitLab files show no working switch', async () => {
  vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ message: 'not a regular file' }),
    { status: 400, headers: { 'Content-Type': 'application/json' } })));
  const onError = vi.fn();
  const { unmount } = render(<ExecutableSwitch path="alice/data/key" entry={file(false)} writable onChanged={vi.fn()}
    onError={onError} />);
  fireEvent.click(screen.getByRole('switch', { name: /Executable/ }));
  await waitFor(() => expect(onError).toHaveBeenCalled());
  expect(onError.mock.calls[0][0].message).toBe('not a regular file');
  expect(screen.getByRole('switch', { name: /Executable/ }).checked).toBe(false);
  unmount();

  const { unmount: gone } = render(<ExecutableSwitch path="common/x" entry={file(true)} writable={false} onChanged={vi.fn()}
    onError={vi.fn()} />);
  expect(screen.getByRole('switch', { name: /Executable/ }).disabled).toBe(true);
  gone();
  render(<ExecutableSwitch path="alice/x" entry={file(undefined)} writable onChanged={vi.fn()} onError={vi.fn()} />);
  expect(screen.queryByRole('switch')).toBeNull();
});
