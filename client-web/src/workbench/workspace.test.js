import { expect, test } from 'vitest';
import { pollInterval, whyClosed } from './workspace.js';

test('a tool opens only when installed, the workspace runs and the tool answers', () => {
  const lab = { name: 'lab', available: false, ready: false, reason: 'JupyterLab is not packaged in Debian' };
  const notebook = { name: 'notebook', available: true, ready: true, reason: null };
  expect(whyClosed(lab, 'running')).toContain('not packaged');
  expect(whyClosed(notebook, 'stopped')).toBe('Start the workspace to use it.');
  expect(whyClosed({ ...notebook, ready: false }, 'starting')).toBe('Starting…');
  expect(whyClosed({ ...notebook, ready: false, reason: 'crashed; see its log' }, 'running')).toContain('crashed');
  expect(whyClosed(notebook, 'running')).toBeNull();
});

test('busy workspaces are followed every second, settled ones every ten', () => {
  expect(pollInterval('starting')).toBe(1000);
  expect(pollInterval('running')).toBe(10000);
});
