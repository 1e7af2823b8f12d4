import { render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, expect, test, vi } from 'vitest';
import ProvenancePanel from './ProvenancePanel.jsx';
import { fileHref, shortDigest } from './provenance.js';

afterEach(() => vi.unstubAllGlobals());

const digest = (c) => c.repeat(64);
const provenance = {
  run: 'r1', startedBy: 'alice', owner: 'alice', twin: 'hello', phase: 'execute', status: 'succeeded',
  startedAt: '2026-12-03T10:00:00Z', endedAt: '2026-12-03T10:00:02Z',
  inputs: {
    program: { path: 'alice/digital twins/hello/lifecycle/execute', type: 'file', sha256: digest('a'), bytes: 120 },
    twin: { path: 'alice/digital twins/hello', type: 'directory', sha256: digest('b'), bytes: 900, complete: true,
      files: [{ path: 'README.md' }, { path: 'lifecycle/execute' }] },
    assets: [{ path: 'common/tools/maestro.jar', type: 'file', sha256: digest('c'), bytes: 4096 }],
    environment: ['DTAAS_TWIN', 'RABBITMQ_PASSWORD', 'WORKSPACE'],
  },
  outputs: { folder: 'alice/data/hello', complete: true,
    files: [{ path: 'plots/x.png', size: 2048, sha256: digest('d') }, { path: 'big.bin', size: 5e9, sha256: null }] },
};

test('the panel shows who, the inputs\' digests, the variables\' names and links the outputs into the library', async () => {
  vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify(provenance),
    { status: 200, headers: { 'Content-Type': 'application/json' } })));
  render(<MemoryRouter><ProvenancePanel id="r1" status="succeeded" user="alice" /></MemoryRouter>);
  expect(await screen.findByText(/started by alice/)).toBeTruthy();
  const outputs = screen.getByRole('table', { name: 'Outputs' });
  expect(within(outputs).getByRole('link', { name: 'plots/x.png' }).getAttribute('href'))
    .toBe('/library/data/hello/plots?open=x.png');
  expect(within(outputs).getByText('dddddddddddd')).toBeTruthy();
  expect(within(outputs).getByText('not read')).toBeTruthy(); // over the budget: listed, no digest
  const inputs = screen.getByRole('table', { name: 'Inputs' });
  expect(within(inputs).getByText(/alice\/digital twins\/hello\/ \(2 files\)/)).toBeTruthy();
  expect(within(inputs).getByRole('link', { name: 'common/tools/maestro.jar' }).getAttribute('href'))
    .toBe('/library/common/tools?open=maestro.jar');
  expect(screen.getByText('RABBITMQ_PASSWORD')).toBeTruthy();
});

test('a run without provenance says why', async () => {
  vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ message: 'run r2 recorded no provenance: its program never started' }),
    { status: 404, headers: { 'Content-Type': 'application/json' } })));
  render(<MemoryRouter><ProvenancePanel id="r2" status="failed" user="alice" /></MemoryRouter>);
  expect(await screen.findByText(/never started/)).toBeTruthy();
});

test('digests and links', () => {
  expect(shortDigest(digest('e'))).toBe('eeeeeeeeeeee');
  expect(shortDigest(null)).toBe('not read');
  expect(fileHref('alice/digital twins/my twin/lifecycle/execute', 'alice'))
    .toBe('/library/digital%20twins/my%20twin/lifecycle?open=execute');
});
