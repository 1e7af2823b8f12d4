import MoreVert from '@mui/icons-material/MoreVert';
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  Alert, Box, Breadcrumbs, Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, IconButton,
  LinearProgress, Link, Menu, MenuItem, Paper, Stack, Table, TableBody, TableCell, TableHead, TableRow, TableSortLabel,
  TextField, Typography,
} from '@mui/material';
import { api } from '../api.js';
import FolderIcon from '@mui/icons-material/Folder';
import FileIcon from '@mui/icons-material/InsertDriveFileOutlined';
import ConfirmDialog from './ConfirmDialog.jsx';
import FileDialog from './FileDialog.jsx';
import NameDialog from './NameDialog.jsx';
import UploadList from './UploadList.jsx';
import { checkName, copyTargetOf, encodePath, formatSize, joinPath, parentOf } from './paths.js';
import { conflictsOf, droppedFiles, keepingBoth, pickedFiles, uploadFile } from './upload.js';
import { sortedEntries } from './paths.js';
import { commonPlaceOf, propose } from '../proposals/proposals.js';
import { Markdown } from './FileDialog.jsx';

let uploadIds = 0;

const ORIGINS_FILE = '.origins.json';

const README_LIMIT = 256 * 1024;

// A folder's README.md, rendered under its listing (as code hosts do): what the folder is for.
function FolderReadme({ path, entries }) {
  const readme = entries.find((e) => e.type === 'file' && e.name.toLowerCase() === 'readme.md' && e.size <= README_LIMIT);
  const [text, setText] = useState(null);
  useEffect(() => {
    setText(null);
    if (!readme) return;
    fetch(`/api/library/raw/${encodePath(joinPath(path, readme.name))}`, { credentials: 'same-origin',
      headers: { 'X-Requested-With': 'dtaas-web' } })
      .then((r) => (r.ok ? r.text() : null)).then(setText).catch(() => setText(null));
  }, [path, readme && readme.name, readme && readme.modified]); // eslint-disable-line react-hooks/exhaustive-deps
  if (!readme || text === null) return null;
  return (
    <Paper variant="outlined" sx={{ mt: 2, p: 2 }} component="section" aria-label={readme.name} data-testid="folder-readme">
      <Typography variant="overline" color="text.secondary">{readme.name}</Typography>
      <Markdown text={text} />
    </Paper>
  );
}

// A folder of the library: browse, upload (files and folders, drag and drop, progress, cancel),
// download (files and folders as zip), new folder and text file, preview and edit, rename/move, delete.
export default function FileManager({ path, user, writable, readOnlyHint, onNavigate, openName, openToEdit }) {
  const [listing, setListing] = useState({ path: null, entries: null });
  const entries = listing.path === path ? listing.entries : null; // never the previous folder's list
  // what a request for an earlier folder answers late (a reload after an action that moved the page on)
  // must not overwrite the folder shown now: its list, or the origins of its copies
  const shownPath = useRef(path);
  shownPath.current = path;
  const setEntries = useCallback((list) => {
    if (shownPath.current === path) setListing({ path, entries: list });
  }, [path]);
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState({ by: 'name', descending: false });
  const [error, setError] = useState(null);
  const [notice, setNotice] = useState(null);
  const [uploads, setUploads] = useState([]);
  const [dialog, setDialog] = useState(null);
  const [menu, setMenu] = useState(null);
  const [dragging, setDragging] = useState(false);
  const aborts = useRef({});
  const fileInput = useRef(null);
  const folderInput = useRef(null);

  // where copies in this folder came from (the library keeps it in .origins.json beside them)
  const [origins, setOrigins] = useState({});
  const load = useCallback(() => {
    const current = () => shownPath.current === path;
    const originsOfThisFolder = (o) => { if (current()) setOrigins(o); };
    api(`/api/library/tree/${encodePath(path)}`)
      .then((list) => {
        if (!current()) return;
        setEntries(list);
        setError(null);
        if (!list.some((e) => e.name === ORIGINS_FILE)) {
          originsOfThisFolder({});
          return;
        }
        fetch(`/api/library/raw/${encodePath(joinPath(path, ORIGINS_FILE))}`, { credentials: 'same-origin',
          headers: { 'X-Requested-With': 'dtaas-web' } })
          .then((r) => (r.ok ? r.json() : {})).then((o) => originsOfThisFolder(o && typeof o === 'object' ? o : {}))
          .catch(() => originsOfThisFolder({}));
      })
      .catch((e) => { if (current()) { setEntries(null); setError(e); } });
  }, [path, setEntries]);
  useEffect(() => setFilter(''), [path]);
  useEffect(load, [load]);

  // a link to a file (/library/<folder>?open=<name>, with &edit=1 in the editor: "edit the execute program") opens it once listed
  const opened = useRef(null);
  useEffect(() => {
    if (!entries || !openName || opened.current === `${path}/${openName}`) return;
    const entry = entries.find((e) => e.name === openName && e.type === 'file');
    if (entry) {
      opened.current = `${path}/${openName}`;
      setDialog({ type: 'open', entry, edit: writable && openToEdit });
    }
  }, [entries, openName, openToEdit, path, writable]);

  const act = (promise) => promise.then(() => { setDialog(null); load(); }).catch((e) => { setDialog(null); setError(e); });

  // an upload onto listed names asks first: replace them, keep both (the new ones renamed), or cancel
  const startUploads = (files) => {
    const conflicts = conflictsOf(files, entries || []);
    if (conflicts.length > 0) setDialog({ type: 'overwrite', files, conflicts });
    else uploadNow(files);
  };

  const uploadNow = (files) => {
    const batch = files.map(({ file, path: relative }) => ({
      id: (uploadIds += 1), path: relative, file, loaded: 0, total: file.size, state: 'uploading',
    }));
    setUploads((list) => [...list, ...batch]);
    const update = (id, change) => setUploads((list) => list.map((u) => (u.id === id ? { ...u, ...change } : u)));
    batch.forEach((u) => {
      const { promise, abort } = uploadFile(path, u.path, u.file, (loaded, total) => update(u.id, { loaded, total }));
      aborts.current[u.id] = abort;
      promise.then(() => { update(u.id, { state: 'done' }); load(); })
        .catch((e) => update(u.id, e.message === 'Cancelled' ? { state: 'cancelled' } : { state: 'failed', error: e.message }))
        .finally(() => delete aborts.current[u.id]);
    });
  };

  const onDrop = async (event) => {
    event.preventDefault();
    setDragging(false);
    if (!writable) {
      setError(new Error(readOnlyHint));
      return;
    }
    startUploads(await droppedFiles(event.dataTransfer));
  };

  const parts = path.split('/');
  const target = (entry) => joinPath(path, entry.name);
  // a new file or folder never takes the name of something listed here (a new file would empty it)
  const takenOr = (check) => (name) => check(name)
    || ((entries || []).some((e) => e.name === (name || '').trim()) ? `${(name || '').trim()} exists here: choose another name.` : null);
  const menuEntry = menu && menu.entry;

  return (
    <Box onDragOver={(e) => { e.preventDefault(); setDragging(true); }} onDragLeave={() => setDragging(false)} onDrop={onDrop}
      sx={{ position: 'relative', outline: dragging ? '2px dashed' : 'none', outlineColor: 'primary.main', borderRadius: 1 }}>
      <Stack direction={{ xs: 'column', md: 'row' }} justifyContent="space-between" spacing={1} sx={{ mb: 1 }}>
        <Breadcrumbs aria-label="Folder">
          {parts.map((part, i) => (
            <Link key={i} component="button" underline="hover" onClick={() => onNavigate(parts.slice(0, i + 1).join('/'))}>
              {part}
            </Link>
          ))}
        </Breadcrumbs>
        <Stack direction="row" spacing={1} flexWrap="wrap" useFlexGap>
          <Button size="small" variant="contained" disabled={!writable} onClick={() => fileInput.current.click()}>Upload files</Button>
          <Button size="small" disabled={!writable} onClick={() => folderInput.current.click()}>Upload folder</Button>
          <Button size="small" disabled={!writable} onClick={() => setDialog({ type: 'mkdir' })}>New folder</Button>
          <Button size="small" disabled={!writable} onClick={() => setDialog({ type: 'newfile' })}>New file</Button>
          <Button size="small" href={`/api/library/zip/${encodePath(path)}`}>Download folder</Button>
        </Stack>
      </Stack>
      <input ref={fileInput} type="file" multiple hidden data-testid="upload-files"
        onChange={(e) => { startUploads(pickedFiles(e.target.files)); e.target.value = ''; }} />
      <input ref={folderInput} type="file" hidden webkitdirectory="" directory=""
        onChange={(e) => { startUploads(pickedFiles(e.target.files)); e.target.value = ''; }} />
      {!writable && <Alert severity="info" sx={{ mb: 1 }}>{readOnlyHint}</Alert>}
      {writable && <Typography variant="caption" color="text.secondary">Drop files or folders here to upload them.</Typography>}
      {error && <Alert severity="error" role="alert" sx={{ my: 1 }} onClose={() => setError(null)}>{error.message}</Alert>}
      {notice && <Alert severity="success" sx={{ my: 1 }} onClose={() => setNotice(null)}>{notice}</Alert>}
      <UploadList uploads={uploads} onCancel={(id) => aborts.current[id] && aborts.current[id]()}
        onClear={() => setUploads([])} />
      {!entries && !error && <LinearProgress aria-label="Loading the folder" sx={{ my: 1 }} />}
      {entries && entries.length > 8 && (
        <TextField size="small" label="Filter by name" value={filter} onChange={(e) => setFilter(e.target.value)}
          sx={{ my: 1, width: { xs: '100%', sm: 280 } }} />
      )}
      {entries && (
        <Paper>
          <Table size="small" aria-label="Files">
            <TableHead>
              <TableRow>
                {[['name', 'Name', 'left', {}], ['size', 'Size', 'right', {}],
                  ['modified', 'Modified', 'left', { display: { xs: 'none', sm: 'table-cell' } }]].map(([by, label, align, sx]) => (
                  <TableCell key={by} align={align} sx={sx} sortDirection={sort.by === by ? (sort.descending ? 'desc' : 'asc') : false}>
                    <TableSortLabel active={sort.by === by} direction={sort.by === by && sort.descending ? 'desc' : 'asc'}
                      onClick={() => setSort({ by, descending: sort.by === by ? !sort.descending : false })}>
                      {label}
                    </TableSortLabel>
                  </TableCell>
                ))}
                <TableCell align="right"><Box component="span" sx={{ position: 'absolute', left: -9999 }}>Actions</Box></TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {entries.length === 0 && (
                <TableRow><TableCell colSpan={4}>This folder is empty.</TableCell></TableRow>
              )}
              {entries.length > 0 && sortedEntries(entries, sort, filter).length === 0 && (
                <TableRow><TableCell colSpan={4}>Nothing here matches “{filter}”.</TableCell></TableRow>
              )}
              {sortedEntries(entries.filter((e) => e.name !== ORIGINS_FILE), sort, filter).map((entry) => (
                <TableRow key={entry.name} hover>
                  <TableCell>
                    <Link component="button" sx={{ display: 'inline-flex', alignItems: 'center', gap: 1, textAlign: 'left' }}
                      onClick={() => (entry.type === 'directory' ? onNavigate(target(entry))
                        : setDialog({ type: 'open', entry }))}>
                      {entry.type === 'directory' ? <FolderIcon fontSize="small" color="action" /> : <FileIcon fontSize="small" color="action" />} {entry.name}
                    </Link>
                    {origins[entry.name] && typeof origins[entry.name].from === 'string' && (
                      <Typography variant="caption" color="text.secondary" component="div" data-testid="copied-from"
                        title={`SHA-256 as copied: ${origins[entry.name].sha256 || 'unknown'}`}>
                        copied from {origins[entry.name].from}
                        {origins[entry.name].copiedAt ? ` · ${new Date(origins[entry.name].copiedAt).toLocaleDateString()}` : ''}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell align="right">{entry.type === 'directory' ? '' : formatSize(entry.size)}</TableCell>
                  <TableCell sx={{ display: { xs: 'none', sm: 'table-cell' } }}>
                    {entry.modified ? new Date(entry.modified).toLocaleString() : ''}
                  </TableCell>
                  <TableCell align="right">
                    <IconButton size="small" aria-label={`Actions for ${entry.name}`}
                      onClick={(e) => setMenu({ anchor: e.currentTarget, entry })}><MoreVert fontSize="small" /></IconButton>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Paper>
      )}
      {entries && <FolderReadme path={path} entries={entries} />}
      <Menu anchorEl={menu && menu.anchor} open={Boolean(menu)} onClose={() => setMenu(null)}>
        {menuEntry && (
          <MenuItem component="a" onClick={() => setMenu(null)}
            href={menuEntry.type === 'directory' ? `/api/library/zip/${encodePath(target(menuEntry))}`
              : `/api/library/raw/${encodePath(target(menuEntry))}`}
            download={menuEntry.type === 'directory' ? `${menuEntry.name}.zip` : menuEntry.name}>
            {menuEntry.type === 'directory' ? 'Download as zip' : 'Download'}
          </MenuItem>
        )}
        {menuEntry && user && (
          <MenuItem onClick={() => { setDialog({ type: 'copy', entry: menuEntry }); setMenu(null); }}>Copy to my library</MenuItem>
        )}
        {menuEntry && user && path.startsWith(`${user}/`) && (
          <MenuItem onClick={() => { setDialog({ type: 'propose', entry: menuEntry }); setMenu(null); }}>Propose for common…</MenuItem>
        )}
        {menuEntry && writable && (
          <MenuItem onClick={() => { setDialog({ type: 'move', entry: menuEntry }); setMenu(null); }}>Rename or move</MenuItem>
        )}
        {menuEntry && writable && (
          <MenuItem onClick={() => { setDialog({ type: 'delete', entry: menuEntry }); setMenu(null); }}>Delete</MenuItem>
        )}
      </Menu>
      {dialog && dialog.type === 'open' && (
        <FileDialog path={target(dialog.entry)} entry={dialog.entry} writable={writable} onClose={() => setDialog(null)}
          onSaved={load} startEditing={Boolean(dialog.edit)} />
      )}
      {dialog && dialog.type === 'mkdir' && (
        <NameDialog title="New folder" label="Folder name" action="Create" check={takenOr(checkName)} onCancel={() => setDialog(null)}
          onDone={(name) => act(api(`/api/library/dirs/${encodePath(joinPath(path, name))}`, { method: 'POST' }))} />
      )}
      {dialog && dialog.type === 'newfile' && (
        <NameDialog title="New text file" label="File name (e.g. README.md)" action="Create" check={takenOr(checkName)}
          onCancel={() => setDialog(null)}
          onDone={(name) => fetch(`/api/library/raw/${encodePath(joinPath(path, name))}`, {
            method: 'PUT', credentials: 'same-origin', body: '',
            headers: { 'X-Requested-With': 'dtaas-web', 'Content-Type': 'application/octet-stream' },
          }).then((r) => (r.ok ? r : r.json().then((b) => Promise.reject(new Error(b.message)))))
            // the new file opens in the editor: making it empty is only the first step
            .then(() => api(`/api/library/tree/${encodePath(path)}`))
            .then((list) => {
              setEntries(list);
              // as listed (with its mode, where the library keeps modes): the Executable switch shows
              const entry = list.find((e) => e.name === name) || { name, type: 'file', size: 0 };
              setDialog({ type: 'open', entry, edit: true });
            })
            .catch((e) => { setDialog(null); setError(e); })} />
      )}
      {dialog && dialog.type === 'move' && (
        <NameDialog title={`Rename or move ${dialog.entry.name}`} label="New path in the library"
          initial={target(dialog.entry)} action="Move"
          check={(value) => (value.trim() === target(dialog.entry) ? 'Type the new name or path.' : value.includes('..')
            ? 'A path cannot contain "..".' : null)}
          onCancel={() => setDialog(null)}
          onDone={(to) => act(api('/api/library/move', { method: 'POST', body: { from: target(dialog.entry), to } }))} />
      )}
      {dialog && dialog.type === 'copy' && (
        <NameDialog title={`Copy ${dialog.entry.name} to your library`} label="Path of the copy in your library"
          initial={copyTargetOf(target(dialog.entry), user)} action="Copy"
          check={(value) => (!value.trim().startsWith(`${user}/`) ? `A copy goes into your own library (${user}/...).`
            : value.includes('..') ? 'A path cannot contain "..".' : null)}
          onCancel={() => setDialog(null)}
          onDone={(to) => api('/api/library/copy', { method: 'POST', body: { from: target(dialog.entry), to: to.trim() } })
            .then(() => { setDialog(null); onNavigate(parentOf(to.trim())); load(); })
            .catch((e) => { setDialog(null); setError(e); })} />
      )}
      {dialog && dialog.type === 'overwrite' && (
        <Dialog open onClose={() => setDialog(null)}>
          <DialogTitle>Replace what is there?</DialogTitle>
          <DialogContent>
            <DialogContentText>
              {dialog.conflicts.length === 1 ? `${dialog.conflicts[0]} exists` : `${dialog.conflicts.join(', ')} exist`}
              {' '}in {path}. Replace {dialog.conflicts.length === 1 ? 'it' : 'them'} with the upload, or keep both (the
              upload gets a new name)?
            </DialogContentText>
          </DialogContent>
          <DialogActions sx={{ flexWrap: 'wrap' }}>
            <Button onClick={() => setDialog(null)} autoFocus>Cancel</Button>
            <Button onClick={() => { setDialog(null); uploadNow(keepingBoth(dialog.files, entries || [])); }}>Keep both</Button>
            <Button color="error" variant="contained" onClick={() => { setDialog(null); uploadNow(dialog.files); }}>Replace</Button>
          </DialogActions>
        </Dialog>
      )}
      {dialog && dialog.type === 'propose' && (
        <NameDialog title={`Propose ${dialog.entry.name} for common/`} label="Its place in common/ (an admin reviews it)"
          initial={commonPlaceOf(target(dialog.entry), user)} action="Propose"
          check={(value) => (!value.trim().startsWith('common/') ? 'It goes into common/ (common/...).'
            : value.includes('..') ? 'A path cannot contain "..".' : null)}
          onCancel={() => setDialog(null)}
          onDone={(to) => propose(target(dialog.entry), to.trim(), '')
            .then(() => { setDialog(null); setNotice(`Proposed: an admin will review ${dialog.entry.name} for ${to.trim()}.`); })
            .catch((e) => { setDialog(null); setError(e); })} />
      )}
      {dialog && dialog.type === 'delete' && (
        <ConfirmDialog title={`Delete ${dialog.entry.name}?`} action="Delete" onCancel={() => setDialog(null)}
          text={dialog.entry.type === 'directory' ? 'The folder and everything in it will be deleted. This cannot be undone.'
            : 'The file will be deleted. This cannot be undone.'}
          onConfirm={() => act(api(`/api/library/files/${encodePath(target(dialog.entry))}`, { method: 'DELETE' }))} />
      )}
    </Box>
  );
}
