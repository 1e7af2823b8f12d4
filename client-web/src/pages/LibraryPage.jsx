import { useState } from 'react';
import { Breadcrumbs, Link, Paper, Table, TableBody, TableCell, TableHead, TableRow, ToggleButton,
  ToggleButtonGroup, Typography } from '@mui/material';
import useApi from '../components/useApi.js';
import Loadable from '../components/Loadable.jsx';
import { FileIcon, FolderIcon } from '../components/Icons.jsx';

const encodePath = (path) => path.split('/').map(encodeURIComponent).join('/');

function formatSize(bytes) {
  if (bytes == null || bytes < 0) return ''; // the GitLab store does not know sizes in listings
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

export default function LibraryPage({ me }) {
  const [path, setPath] = useState(me.user);
  const state = useApi(`/api/library/tree/${encodePath(path)}`);
  const parts = path.split('/');

  return (
    <>
      <Typography variant="h5" component="h1" gutterBottom>
        Library
      </Typography>
      <ToggleButtonGroup exclusive size="small" value={parts[0]} sx={{ mb: 2 }}
        onChange={(_, owner) => owner && setPath(owner)} aria-label="Library owner">
        <ToggleButton value={me.user}>My library</ToggleButton>
        <ToggleButton value="common">Common</ToggleButton>
      </ToggleButtonGroup>
      <Breadcrumbs aria-label="Folder" sx={{ mb: 1 }}>
        {parts.map((part, i) => (
          <Link key={i} component="button" underline="hover" onClick={() => setPath(parts.slice(0, i + 1).join('/'))}>
            {part}
          </Link>
        ))}
      </Breadcrumbs>
      <Loadable state={state}>
        {(entries) => (
          <Paper>
            <Table size="small" aria-label="Files">
              <TableHead>
                <TableRow>
                  <TableCell>Name</TableCell>
                  <TableCell align="right">Size</TableCell>
                  <TableCell>Modified</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {entries.length === 0 && (
                  <TableRow>
                    <TableCell colSpan={3}>This folder is empty.</TableCell>
                  </TableRow>
                )}
                {entries.map((entry) => (
                  <TableRow key={entry.name} hover>
                    <TableCell>
                      {entry.type === 'directory' ? (
                        <Link component="button" onClick={() => setPath(`${path}/${entry.name}`)}
                          sx={{ display: 'inline-flex', alignItems: 'center', gap: 1 }}>
                          <FolderIcon color="action" /> {entry.name}
                        </Link>
                      ) : (
                        <Link href={`/api/library/raw/${encodePath(`${path}/${entry.name}`)}`}
                          sx={{ display: 'inline-flex', alignItems: 'center', gap: 1 }}>
                          <FileIcon color="action" /> {entry.name}
                        </Link>
                      )}
                    </TableCell>
                    <TableCell align="right">{entry.type === 'directory' ? '' : formatSize(entry.size)}</TableCell>
                    <TableCell>{entry.modified ? new Date(entry.modified).toLocaleString() : ''}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Paper>
        )}
      </Loadable>
    </>
  );
}
