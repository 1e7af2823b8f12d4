import { Suspense, lazy, useEffect, useState } from 'react';
import {
  Alert, Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, FormControlLabel, LinearProgress, Switch, Table,
  TableBody, TableCell, TableHead, TableRow, Typography,
} from '@mui/material';
import { api } from '../api.js';
import { parseTable } from './csv.js';
import { inlinePieces, markdownBlocks } from './markdown.js';
import { encodePath, previewKind } from './paths.js';
import { editorLanguage } from './editorLanguage.js';
import ConfirmDialog from './ConfirmDialog.jsx';

// the editor is loaded when first used: the library's pages stay small
const CodeEditor = lazy(() => import('./CodeEditor.jsx'));

const PREVIEW_LIMIT = 2 * 1024 * 1024; // larger files are downloaded, not shown

function Inline({ text }) {
  return inlinePieces(text).map((piece, i) => {
    if (piece.strong) return <strong key={i}>{piece.strong}</strong>;
    if (piece.em) return <em key={i}>{piece.em}</em>;
    if (piece.code) return <Box key={i} component="code" sx={{ px: 0.5, bgcolor: 'action.hover' }}>{piece.code}</Box>;
    if (piece.link) return <a key={i} href={piece.href} target="_blank" rel="noopener noreferrer">{piece.link}</a>;
    return <span key={i}>{piece.text}</span>;
  });
}

export function Markdown({ text }) {
  return markdownBlocks(text).map((block, i) => {
    if (block.type === 'h') {
      return (
        <Typography key={i} variant={`h${Math.min(block.level + 3, 6)}`} component={`h${block.level + 1}`} gutterBottom>
          <Inline text={block.text} />
        </Typography>
      );
    }
    if (block.type === 'list') {
      return <ul key={i}>{block.items.map((item, j) => <li key={j}><Typography variant="body2"><Inline text={item} /></Typography></li>)}</ul>;
    }
    if (block.type === 'code') {
      return <Box key={i} component="pre" sx={{ p: 1, bgcolor: 'action.hover', overflow: 'auto' }}>{block.text}</Box>;
    }
    return <Typography key={i} variant="body2" paragraph><Inline text={block.text} /></Typography>;
  });
}

function CsvTable({ text }) {
  const rows = parseTable(text);
  if (rows.length === 0) return <Typography>The file is empty.</Typography>;
  const [head, ...body] = rows;
  return (
    <Box sx={{ overflow: 'auto', maxHeight: '60vh' }}>
      <Table size="small" stickyHeader aria-label="Table preview">
        <TableHead><TableRow>{head.map((cell, i) => <TableCell key={i}>{cell}</TableCell>)}</TableRow></TableHead>
        <TableBody>
          {body.map((row, i) => <TableRow key={i}>{row.map((cell, j) => <TableCell key={j}>{cell}</TableCell>)}</TableRow>)}
        </TableBody>
      </Table>
      {rows.length >= 200 && <Typography variant="caption">The first 200 rows are shown; download the file for all.</Typography>}
    </Box>
  );
}

// A twin's lifecycle programs must be executable to run: the switch sets the file's mode on the server.
// Shown where the library reports modes (a local library; a GitLab one keeps them in its repository).
export function ExecutableSwitch({ path, entry, writable, onChanged, onError }) {
  const [executable, setExecutable] = useState(entry.executable === true);
  const [busy, setBusy] = useState(false);
  if (typeof entry.executable !== 'boolean') return null;
  const change = (wanted) => {
    setBusy(true);
    api(`/api/library/mode/${encodePath(path)}`, { method: 'POST', body: { executable: wanted } })
      .then(() => {
        setExecutable(wanted);
        onChanged();
      })
      .catch(onError)
      .finally(() => setBusy(false));
  };
  return (
    <FormControlLabel sx={{ mr: 'auto', ml: 1 }} label="Executable (a program twins can run)"
      control={<Switch checked={executable} disabled={!writable || busy} onChange={(e) => change(e.target.checked)} />} />
  );
}

// Shows a file (image, table, Markdown, text) and edits text files in place when the user may write.
export default function FileDialog({ path, entry, writable, onClose, onSaved, startEditing = false }) {
  const [asText, setAsText] = useState(false); // "show as text" for a file of a kind the page does not know
  const kind = previewKind(entry.name) ?? (asText ? 'text' : null);
  const url = `/api/library/raw/${encodePath(path)}`;
  const [text, setText] = useState(null);
  const [draft, setDraft] = useState(null);
  const [error, setError] = useState(null);
  const [saving, setSaving] = useState(false);
  const [leaving, setLeaving] = useState(false); // asked whether to drop unsaved changes
  const tooLarge = entry.size > PREVIEW_LIMIT;
  const unsaved = draft !== null && draft !== text;

  useEffect(() => {
    if (kind === 'image' || kind === null || tooLarge) return;
    fetch(url, { credentials: 'same-origin', headers: { 'X-Requested-With': 'dtaas-web' } })
      .then((r) => (r.ok ? r.text() : Promise.reject(new Error(`${r.status} ${r.statusText}`))))
      .then((loaded) => {
        setText(loaded);
        if (startEditing && writable) setDraft(loaded);
      })
      .catch(setError);
  }, [url, kind, tooLarge, startEditing, writable]);

  // closing the tab or reloading with unsaved changes asks first (the browser's own prompt)
  useEffect(() => {
    if (!unsaved) return undefined;
    const warn = (event) => {
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [unsaved]);

  const close = () => (unsaved ? setLeaving(true) : onClose());

  const save = () => {
    if (entry.name.toLowerCase().endsWith('.json')) {
      try {
        JSON.parse(draft);
      } catch (e) {
        setError(new Error(`Not valid JSON, not saved: ${e.message}`));
        return;
      }
    }
    setSaving(true);
    fetch(url, {
      method: 'PUT', credentials: 'same-origin', body: draft,
      headers: { 'X-Requested-With': 'dtaas-web', 'Content-Type': 'application/octet-stream' },
    })
      .then((r) => (r.ok ? r : r.json().then((b) => Promise.reject(new Error(b.message || r.statusText)))))
      .then(() => {
        setText(draft);
        setDraft(null);
        setError(null);
        onSaved();
      })
      .catch(setError)
      .finally(() => setSaving(false));
  };

  let body;
  if (tooLarge) body = <Typography>This file is too large to show here. Download it instead.</Typography>;
  else if (kind === null) {
    body = (
      <Typography>
        No preview for this kind of file. Download it, or{' '}
        <Button size="small" onClick={() => setAsText(true)}>show it as text</Button>
      </Typography>
    );
  }
  else if (kind === 'image') body = <Box component="img" src={url} alt={entry.name} sx={{ maxWidth: '100%' }} />;
  else if (text === null && !error) body = <LinearProgress aria-label="Loading the file" />;
  else if (draft !== null) {
    body = (
      <Suspense fallback={<LinearProgress aria-label="Loading the editor" />}>
        <CodeEditor value={draft} language={editorLanguage(entry.name, draft)} onChange={setDraft} label="File content"
          onSave={() => { if (!saving) save(); }} />
      </Suspense>
    );
  } else if (text !== null && kind === 'markdown') body = <Markdown text={text} />;
  else if (text !== null && kind === 'table') body = <CsvTable text={text} />;
  else if (text !== null) {
    body = <Box component="pre" data-testid="file-text" sx={{ m: 0, fontSize: 13, whiteSpace: 'pre-wrap' }}>{text}</Box>;
  }

  return (
    <Dialog open onClose={close} maxWidth="md" fullWidth aria-labelledby="file-dialog-title">
      <DialogTitle id="file-dialog-title">{path}{unsaved ? ' •' : ''}</DialogTitle>
      <DialogContent dividers>
        {error && <Alert severity="error" role="alert" sx={{ mb: 1 }}>{error.message}</Alert>}
        {body}
      </DialogContent>
      <DialogActions sx={{ flexWrap: 'wrap' }}>
        <ExecutableSwitch path={path} entry={entry} writable={writable} onChanged={onSaved} onError={setError} />
        <Button href={url} download={entry.name}>Download</Button>
        {writable && kind !== 'image' && kind !== null && !tooLarge && text !== null && draft === null && (
          <Button onClick={() => setDraft(text)}>Edit</Button>
        )}
        {draft !== null && <Button onClick={() => setDraft(null)}>Discard changes</Button>}
        {draft !== null && <Button variant="contained" disabled={saving || !unsaved} onClick={save}>Save</Button>}
        <Button onClick={close}>Close</Button>
      </DialogActions>
      {leaving && (
        <ConfirmDialog title="Discard unsaved changes?" action="Discard"
          text={`Your changes to ${entry.name} are not saved. Close anyway and lose them?`}
          onCancel={() => setLeaving(false)} onConfirm={onClose} />
      )}
    </Dialog>
  );
}
