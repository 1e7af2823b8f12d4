import { useEffect, useRef } from 'react';
import { Box } from '@mui/material';
import { parseAnsi } from './ansi.js';

// The output of a run in a terminal-like box, ANSI colours rendered; it keeps to the bottom while
// `follow` is on.
export default function LogView({ chunks, follow }) {
  const box = useRef(null);
  useEffect(() => {
    if (follow && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [chunks, follow]);
  let style = {};
  const pieces = [];
  chunks.forEach((chunk) => {
    const parsed = parseAnsi(chunk, style);
    style = parsed.style;
    pieces.push(...parsed.pieces);
  });
  return (
    <Box ref={box} component="pre" tabIndex={0} aria-label="Run log" data-testid="run-log"
      sx={{ bgcolor: '#12161c', color: '#e6e6e6', p: 2, borderRadius: 1, m: 0, height: '60vh', overflow: 'auto',
        fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace', fontSize: 13, lineHeight: 1.45,
        whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
      {pieces.length === 0 ? <span style={{ opacity: 0.6 }}>No output yet.</span> : null}
      {pieces.map((piece, i) => (
        // eslint-disable-next-line react/no-array-index-key
        <span key={i} style={piece.style}>{piece.text}</span>
      ))}
    </Box>
  );
}
