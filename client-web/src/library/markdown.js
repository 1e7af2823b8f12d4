// A small Markdown reader for previews, producing blocks the page renders as React elements (never
// HTML strings, so a README cannot inject script): headings, paragraphs, lists, code blocks.
export function markdownBlocks(text) {
  const blocks = [];
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  let paragraph = [];
  let list = null;
  const flush = () => {
    if (paragraph.length) blocks.push({ type: 'p', text: paragraph.join(' ') });
    if (list) blocks.push(list);
    paragraph = [];
    list = null;
  };
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i];
    if (line.startsWith('```')) {
      flush();
      const code = [];
      for (i += 1; i < lines.length && !lines[i].startsWith('```'); i += 1) code.push(lines[i]);
      blocks.push({ type: 'code', text: code.join('\n') });
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    const item = /^\s*(?:[-*+]|\d+\.)\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      blocks.push({ type: 'h', level: heading[1].length, text: heading[2] });
    } else if (item) {
      if (paragraph.length) {
        blocks.push({ type: 'p', text: paragraph.join(' ') });
        paragraph = [];
      }
      if (!list) list = { type: 'list', items: [] };
      list.items.push(item[1]);
    } else if (line.trim() === '') {
      flush();
    } else if (list) {
      list.items[list.items.length - 1] += ` ${line.trim()}`;
    } else {
      paragraph.push(line.trim());
    }
  }
  flush();
  return blocks;
}

// Inline Markdown of one block as pieces: {text}, {strong}, {em}, {code}, {link, href}. Links keep only
// http(s) and relative targets (no javascript: and the like).
export function inlinePieces(text) {
  const pieces = [];
  const pattern = /(\*\*([^*]+)\*\*|`([^`]+)`|\[([^\]]+)\]\(([^)\s]+)\)|\*([^*]+)\*|_([^_]+)_)/g;
  let last = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    if (m.index > last) pieces.push({ text: text.slice(last, m.index) });
    if (m[2]) pieces.push({ strong: m[2] });
    else if (m[3]) pieces.push({ code: m[3] });
    else if (m[4]) {
      const safe = /^(https?:\/\/|\/|\.{0,2}\/|#)/i.test(m[5]) || !/^[a-z][a-z0-9+.-]*:/i.test(m[5]);
      pieces.push(safe ? { link: m[4], href: m[5] } : { text: m[4] });
    } else pieces.push({ em: m[6] || m[7] });
    last = pattern.lastIndex;
  }
  if (last < text.length) pieces.push({ text: text.slice(last) });
  return pieces;
}
