import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, expect, test, vi } from 'vitest';
import { EditorView } from '@codemirror/view';
import FileDialog from './FileDialog.jsx';

afterEach(() => vi.unstubAllGlobals());

// jsdom lays nothing out; CodeMirror measures text ranges
Range.prototype.getClientRects = () => ({ length: 0, item: () => null, [Symbol.iterator]: [][Symbol.iterator] });
Range.prototype.getBoundingClientRect = () => ({ top: 0, left: 0, right: 0, bottom: 0, width: 0, height: 0 });

const program = '#!/bin/bash\necho hello\n';

function serve(saved) {
  vi.stubGlobal('fetch', vi.fn(async (url, request = {}) => {
    if (request.method === 'PUT') {
      saved.push(request.body);
      return new Response(null, { status: 204 });
    }
    return new Response(program, { status: 200, headers: { 'Content-Type': 'text/plain' } });
  }));
}

async function typeInEditor(text) {
  const content = await screen.findByLabelText('File content', {}, { timeout: 5000 });
  const view = EditorView.findFromDOM(content);
  view.dispatch({ changes: { from: view.state.doc.length, insert: text } });
}

test('a program opens in the code editor, is saved as typed, and closing with unsaved changes asks first', async () => {
  const saved = [];
  serve(saved);
  const onClose = vi.fn();
  render(<FileDialog path="alice/digital twins/t/lifecycle/execute" entry={{ name: 'execute', type: 'file', size: 25 }}
    writable startEditing onClose={onClose} onSaved={vi.fn()} />);
  expect(await screen.findByTestId('code-editor', {}, { timeout: 5000 })).toBeTruthy(); // loaded lazily
  expect(screen.getByRole('button', { name: 'Save' }).disabled).toBe(true); // nothing changed yet

  await typeInEditor('echo more\n');
  await screen.findByText(/lifecycle\/execute •/, {}, { timeout: 5000 });
  fireEvent.click(screen.getByRole('button', { name: 'Close' }));
  expect(await screen.findByText('Discard unsaved changes?', {}, { timeout: 5000 })).toBeTruthy();
  expect(onClose).not.toHaveBeenCalled();
  fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));

  fireEvent.click(screen.getByRole('button', { name: 'Save' }));
  await waitFor(() => expect(saved).toEqual([`${program}echo more\n`]));
  // the server has the body before the dialog has its answer: closing is "saved" only once the mark is gone
  await waitFor(() => expect(screen.queryByText(/lifecycle\/execute •/)).toBeNull(), { timeout: 5000 });
  fireEvent.click(screen.getByRole('button', { name: 'Close' }));
  expect(onClose).toHaveBeenCalled(); // saved: no question
});

test('a file of an unknown kind can be shown as text', async () => {
  serve([]);
  render(<FileDialog path="alice/data/run.out" entry={{ name: 'run.out', type: 'file', size: 25 }} writable={false}
    onClose={vi.fn()} onSaved={vi.fn()} />);
  fireEvent.click(screen.getByRole('button', { name: 'show it as text' }));
  expect((await screen.findByTestId('file-text')).textContent).toBe(program);
});
