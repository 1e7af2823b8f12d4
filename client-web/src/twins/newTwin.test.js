import { describe, expect, it } from 'vitest';
import { twinNameProblem } from './newTwin.js';
import { editorLanguage } from '../library/editorLanguage.js';

describe('a new twin\'s name', () => {
  it('takes the names the server takes', () => {
    for (const name of ['my-twin', 'Pump_2', 'a', 'v1.2', 'x'.repeat(63)]) expect(twinNameProblem(name)).toBe('');
  });
  it('says why a name cannot be used', () => {
    expect(twinNameProblem('')).toMatch(/Name the twin/);
    expect(twinNameProblem('x'.repeat(64))).toMatch(/63/);
    for (const name of ['../up', 'a/b', '.hidden', '-x', 'two words', 'tab\tname', 'naïve']) {
      expect(twinNameProblem(name)).toMatch(/Letters, digits/);
    }
    expect(twinNameProblem('hello', ['hello'])).toMatch(/You have a twin/);
  });
});

describe('the editor\'s language', () => {
  it('comes from the name', () => {
    expect(editorLanguage('run.py')).toBe('python');
    expect(editorLanguage('cosim.json')).toBe('json');
    expect(editorLanguage('values.YAML')).toBe('yaml');
    expect(editorLanguage('README.md')).toBe('markdown');
    expect(editorLanguage('common.sh')).toBe('shell');
    expect(editorLanguage('Model.mo')).toBe('text');
    expect(editorLanguage('data.csv')).toBe('text');
  });
  it('comes from the #! line of a program without extension', () => {
    expect(editorLanguage('execute', '#!/bin/bash\nset -e\n')).toBe('shell');
    expect(editorLanguage('execute', '#!/usr/bin/env python3\nprint(1)\n')).toBe('python');
    expect(editorLanguage('execute', '#!/bin/sh\n')).toBe('shell');
    expect(editorLanguage('notes', 'just words')).toBe('text');
    expect(editorLanguage('notes.txt', '#!/bin/bash')).toBe('shell');
  });
});

describe('last runs', () => {
  it('keeps the newest run of each twin, of each owner apart', async () => {
    const { lastRunByTwin, timeAgo } = await import('./runs.js');
    const runs = [
      { id: '3', owner: 'alice', twin: 'a' }, { id: '2', owner: 'common', twin: 'a' }, { id: '1', owner: 'alice', twin: 'a' },
    ];
    expect(Object.fromEntries(Object.entries(lastRunByTwin(runs)).map(([k, r]) => [k, r.id])))
      .toEqual({ 'alice/a': '3', 'common/a': '2' });
    const now = Date.parse('2026-12-03T12:00:00Z');
    expect(timeAgo('2026-12-03T11:59:30Z', now)).toBe('just now');
    expect(timeAgo('2026-12-03T11:50:00Z', now)).toBe('10 min ago');
    expect(timeAgo('2026-12-03T09:00:00Z', now)).toBe('3 h ago');
    expect(timeAgo('2026-12-02T12:00:00Z', now)).toBe('yesterday');
    expect(timeAgo('2026-11-28T12:00:00Z', now)).toBe('5 days ago');
  });
});
