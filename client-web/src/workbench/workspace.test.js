import { expect, test } from 'vitest';
import { describeDisk, describeLimits, describeNetwork, pollInterval, whyClosed } from './workspace.js';

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

test('limits are said in words, and their absence too', () => {
  expect(describeLimits({ mechanism: 'cgroup v1', memoryBytes: 4294967296, processes: 1024, cpuWeight: 100 }))
    .toEqual({ limited: true, text: '4 GiB memory · 1,024 tasks · CPU weight 100 (cgroup v1)' });
  expect(describeLimits({ mechanism: 'rlimits', memoryBytes: null, processes: 512, cpuWeight: null }).text)
    .toBe('512 tasks (rlimits)');
  expect(describeLimits({ mechanism: 'none', memoryBytes: null, processes: null, cpuWeight: null }))
    .toEqual({ limited: false, text: 'Not limited on this machine' });
  expect(describeLimits(undefined)).toBeNull();
});

test('the disk line says how full the library is, and whether its size is enforced', () => {
  expect(describeDisk({ mechanism: 'own file system', sizeBytes: 10737418240, usedBytes: 1610612736 }))
    .toEqual({ enforced: true, full: false, text: 'Library disk: 1.5 GiB of 10 GiB used' });
  expect(describeDisk({ mechanism: 'own file system', sizeBytes: 1048576, usedBytes: 1000000 }).full).toBe(true);
  expect(describeDisk({ mechanism: 'own file system', sizeBytes: null, usedBytes: null }).text).toContain('first write');
  expect(describeDisk({ mechanism: 'none', sizeBytes: null, usedBytes: null }))
    .toEqual({ enforced: false, full: false, text: expect.stringContaining('no size limit') });
  expect(describeDisk(undefined)).toBeNull();
});

test('the network line says whether other users can reach the tools', () => {
  expect(describeNetwork('namespace').isolated).toBe(true);
  expect(describeNetwork('host')).toEqual({ isolated: false, text: expect.stringContaining("other users' code can reach") });
  expect(describeNetwork('kubernetes').isolated).toBe(true);
  expect(describeNetwork(undefined)).toBeNull();
});
