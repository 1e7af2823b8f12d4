import { expect, test } from 'vitest';
import { parseAnsi } from './ansi.js';

test('colours and bold become styles, reset ends them, other escapes vanish', () => {
  const { pieces, style } = parseAnsi('plain \x1b[1;32mok\x1b[0m done\x1b[2K \x1b[31mred');
  expect(pieces.map((p) => p.text)).toEqual(['plain ', 'ok', ' done', ' ', 'red']);
  expect(pieces[1].style).toEqual({ fontWeight: 'bold', color: '#2e7d32' });
  expect(pieces[2].style).toEqual({});
  expect(style).toEqual({ color: '#c62828' }); // carried on to the next chunk
});
