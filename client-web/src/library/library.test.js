import { describe, expect, it, test } from 'vitest';
import { parseTable } from './csv.js';
import { inlinePieces, markdownBlocks } from './markdown.js';
import { checkName, copyTargetOf, libraryPathOf, previewKind, routeOf } from './paths.js';
import { conflictsOf, freeName, keepingBoth } from './upload.js';

test('addresses map to library paths and back, common/ apart from the user', () => {
  expect(libraryPathOf('', 'alice')).toBe('alice');
  expect(libraryPathOf('data/run 1', 'alice')).toBe('alice/data/run 1');
  expect(libraryPathOf('common/models', 'alice')).toBe('common/models');
  expect(routeOf('alice/data/run 1', 'alice')).toBe('/library/data/run 1');
  expect(routeOf('common/tools', 'alice')).toBe('/library/common/tools');
});

test('names that could leave the folder are refused', () => {
  expect(checkName('..')).toMatch(/cannot/);
  expect(checkName('a/b')).toMatch(/cannot/);
  expect(checkName('  ')).toMatch(/name/);
  expect(checkName('notes.md')).toBeNull();
});

test('previews are chosen by name', () => {
  expect(previewKind('plot.PNG')).toBe('image');
  expect(previewKind('outputs.csv')).toBe('table');
  expect(previewKind('README.md')).toBe('markdown');
  expect(previewKind('execute')).toBe('text');
  expect(previewKind('model.fmu')).toBeNull();
});

test('CSV with quotes, escaped quotes and CRLF', () => {
  expect(parseTable('a,b\r\n"x, y","say ""hi"""\n1,2')).toEqual([['a', 'b'], ['x, y', 'say "hi"'], ['1', '2']]);
  expect(parseTable('t\tv\n0\t1\n')).toEqual([['t', 'v'], ['0', '1']]);
  expect(parseTable('1\n2\n3\n', { maxRows: 2 })).toEqual([['1'], ['2']]);
});

test('markdown becomes blocks, never HTML', () => {
  const blocks = markdownBlocks('# Title\n\nSome <b>text</b>\nmore.\n\n- one\n- two\n\n```\ncode\n```\n');
  expect(blocks).toEqual([
    { type: 'h', level: 1, text: 'Title' },
    { type: 'p', text: 'Some <b>text</b> more.' },
    { type: 'list', items: ['one', 'two'] },
    { type: 'code', text: 'code' },
  ]);
});

test('inline Markdown: bold, emphasis, code and links, but no script links', () => {
  expect(inlinePieces('runs **warm** and *fast* with `make` — see [docs](https://x.org/a) or [bad](javascript:alert(1))'))
    .toEqual([
      { text: 'runs ' }, { strong: 'warm' }, { text: ' and ' }, { em: 'fast' }, { text: ' with ' }, { code: 'make' },
      { text: ' — see ' }, { link: 'docs', href: 'https://x.org/a' }, { text: ' or ' }, { text: 'bad' },
      { text: ')' },
    ]);
});

test('a copy goes to the same place in the own tree, or beside the original with (copy)', () => {
  expect(copyTargetOf('common/digital twins/incubator', 'alice')).toBe('alice/digital twins/incubator');
  expect(copyTargetOf('common/models/pump.fmu', 'alice')).toBe('alice/models/pump.fmu');
  expect(copyTargetOf('alice/data/run.csv', 'alice')).toBe('alice/data/run (copy).csv');
  expect(copyTargetOf('alice/digital twins/incubator', 'alice')).toBe('alice/digital twins/incubator (copy)');
  expect(copyTargetOf('alice/data/.env', 'alice')).toBe('alice/data/.env (copy)');
});

describe('an upload onto listed names', () => {
  const entries = [{ name: 'report.pdf' }, { name: 'report (1).pdf' }, { name: 'data' }, { name: 'notes.md' }];
  const file = (path) => ({ path, file: { size: 1 } });
  it('finds the names it would replace: files, and a folder by its name', () => {
    expect(conflictsOf([file('report.pdf'), file('new.txt'), file('data/a.csv'), file('data/b.csv')], entries))
      .toEqual(['report.pdf', 'data']);
    expect(conflictsOf([file('fresh.txt')], entries)).toEqual([]);
  });
  it('keeps both under the first free name', () => {
    expect(freeName('report.pdf', new Set(entries.map((e) => e.name)))).toBe('report (2).pdf');
    expect(freeName('v1.2', new Set(), true)).toBe('v1.2 (1)');
    expect(keepingBoth([file('report.pdf'), file('data/a.csv'), file('data/sub/b.csv'), file('new.txt')], entries)
      .map((f) => f.path)).toEqual(['report (2).pdf', 'data (1)/a.csv', 'data (1)/sub/b.csv', 'new.txt']);
  });
});

test('the listing: folders first, sorted by the chosen column, filtered by name', async () => {
  const { sortedEntries } = await import('./paths.js');
  const entries = [
    { name: 'b.csv', type: 'file', size: 10, modified: '2026-12-01T00:00:00Z' },
    { name: 'A.txt', type: 'file', size: 300, modified: '2026-12-03T00:00:00Z' },
    { name: 'zeta', type: 'directory', size: 0 }, { name: 'alpha', type: 'directory', size: 0 },
  ];
  const names = (list) => list.map((e) => e.name);
  expect(names(sortedEntries(entries, { by: 'name', descending: false }))).toEqual(['alpha', 'zeta', 'A.txt', 'b.csv']);
  expect(names(sortedEntries(entries, { by: 'size', descending: true }))).toEqual(['zeta', 'alpha', 'A.txt', 'b.csv']);
  expect(names(sortedEntries(entries, { by: 'modified', descending: false }))).toEqual(['alpha', 'zeta', 'b.csv', 'A.txt']);
  expect(names(sortedEntries(entries, { by: 'name', descending: false }, ' a'))).toEqual(['alpha', 'zeta', 'A.txt']);
  expect(names(sortedEntries(entries, { by: 'name', descending: false }, 'CSV'))).toEqual(['b.csv']);
});
