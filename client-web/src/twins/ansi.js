// Turns terminal output with ANSI colour codes (SGR) into styled pieces: [{ text, style }].
// Other escape sequences (cursor moves, clearing) are dropped rather than shown as garbage.
const COLOURS = ['#000000', '#c62828', '#2e7d32', '#f9a825', '#1565c0', '#8e24aa', '#00838f', '#bdbdbd'];
const BRIGHT = ['#616161', '#ef5350', '#66bb6a', '#ffee58', '#42a5f5', '#ab47bc', '#26c6da', '#ffffff'];

// eslint-disable-next-line no-control-regex
const ESCAPE = /\x1b\[([0-9;?]*)([A-Za-z])/g;

function apply(style, codes) {
  const next = { ...style };
  const numbers = codes === '' ? [0] : codes.split(';').map((c) => Number(c) || 0);
  for (const code of numbers) {
    if (code === 0) {
      delete next.color;
      delete next.fontWeight;
      delete next.fontStyle;
      delete next.textDecoration;
    } else if (code === 1) next.fontWeight = 'bold';
    else if (code === 3) next.fontStyle = 'italic';
    else if (code === 4) next.textDecoration = 'underline';
    else if (code === 22) delete next.fontWeight;
    else if (code === 39) delete next.color;
    else if (code >= 30 && code <= 37) next.color = COLOURS[code - 30];
    else if (code >= 90 && code <= 97) next.color = BRIGHT[code - 90];
  }
  return next;
}

export function parseAnsi(text, initial = {}) {
  const pieces = [];
  let style = initial;
  let last = 0;
  for (const match of text.matchAll(ESCAPE)) {
    if (match.index > last) pieces.push({ text: text.slice(last, match.index), style });
    if (match[2] === 'm') style = apply(style, match[1]);
    last = match.index + match[0].length;
  }
  if (last < text.length) pieces.push({ text: text.slice(last), style });
  return { pieces, style };
}
