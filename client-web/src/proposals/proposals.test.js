import { describe, expect, it } from 'vitest';
import { commonPlaceOf, sidePath, textDiff } from './proposals.js';

describe('proposals', () => {
  it('go to the same place in common/ by default', () => {
    expect(commonPlaceOf('alice/digital twins/pump', 'alice')).toBe('common/digital twins/pump');
    expect(commonPlaceOf('alice/models/m.fmu', 'alice')).toBe('common/models/m.fmu');
  });
  it('name each side of a reviewed file', () => {
    expect(sidePath('alice/digital twins/pump', 'lifecycle/execute')).toBe('alice/digital twins/pump/lifecycle/execute');
    expect(sidePath('common/models/m.txt', 'm.txt')).toBe('common/models/m.txt'); // a proposed file lists itself
  });
  it('show a text change line by line', () => {
    expect(textDiff('a\nb\nc\n', 'a\nB\nc\nd\n')).toEqual([
      { kind: 'same', text: 'a' }, { kind: 'removed', text: 'b' }, { kind: 'added', text: 'B' },
      { kind: 'same', text: 'c' }, { kind: 'added', text: 'd' },
    ]);
    expect(textDiff('', 'new\n')).toEqual([{ kind: 'added', text: 'new' }]);
  });
});
