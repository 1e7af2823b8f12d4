import { useCallback, useEffect, useState } from 'react';
import {
  Alert, Button, FormControl, InputLabel, Link, MenuItem, Paper, Select, Stack, Table, TableBody, TableCell, TableHead,
  TableRow, TextField, Typography,
} from '@mui/material';
import { api } from '../api.js';

// Where a published service answers: its full URL on the published services' own origin when the
// platform gives one, else this origin's path (which redirects there).
const addressOf = (p) => p.url || `${window.location.origin}${p.path}`;
// A link that opens a published service with its token (shown once, when it is made or rotated).
const linkWithToken = (issued) => `${addressOf(issued)}${issued.token ? `?token=${issued.token}` : ''}`;

// Ports of the running workspace published at /shared/<name>/ for people without an account.
export default function PublishedPanel({ user, running }) {
  const [list, setList] = useState([]);
  // names are the owner's: <user> or <user>-...
  const [form, setForm] = useState({ name: `${user}-`, port: '', access: 'token' });
  const [issued, setIssued] = useState(null);
  const [error, setError] = useState(null);
  const base = `/api/workspaces/${user}/published`;

  const load = useCallback(() => api(base).then(setList).catch(setError), [base]);
  useEffect(() => {
    load();
  }, [load, running]);

  const act = (promise) => promise.then((answer) => { if (answer && answer.path) setIssued(answer); setError(null); load(); })
    .catch(setError);

  const publish = (event) => {
    event.preventDefault();
    act(api(base, { method: 'POST', body: { name: form.name, port: Number(form.port), access: form.access } }));
  };

  return (
    <>
      <Typography variant="h6" component="h2" sx={{ mt: 3 }}>Published services</Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        Share a web server your twin runs in this workspace (a dashboard, an HTTP API) with people who have no account.
        It stays published while the workspace runs.
      </Typography>
      {error && <Alert severity="error" role="alert" sx={{ mb: 1 }} onClose={() => setError(null)}>{error.message}</Alert>}
      {issued && (
        <Alert severity="success" sx={{ mb: 1 }} onClose={() => setIssued(null)}>
          {issued.token ? 'Share this link; its token is shown only now: ' : 'Public at '}
          <Link href={linkWithToken(issued)} target="_blank" rel="noopener" data-testid="published-link">{linkWithToken(issued)}</Link>
        </Alert>
      )}
      <Paper component="form" onSubmit={publish} sx={{ p: 2, mb: 1 }} aria-label="Publish a port">
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} alignItems={{ sm: 'center' }}>
          <TextField size="small" label="Name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value.toLowerCase() })}
            helperText={`/shared/${form.name || 'name'}/ — starts with ${user}`} />
          <TextField size="small" label="Port" value={form.port} onChange={(e) => setForm({ ...form, port: e.target.value.replace(/\D/g, '') })}
            helperText="where your server listens on 127.0.0.1" />
          <FormControl size="small" sx={{ minWidth: 160 }}>
            <InputLabel id="access-label">Access</InputLabel>
            <Select labelId="access-label" label="Access" value={form.access} onChange={(e) => setForm({ ...form, access: e.target.value })}>
              <MenuItem value="token">With a token</MenuItem>
              <MenuItem value="public">Public</MenuItem>
            </Select>
          </FormControl>
          <Button type="submit" variant="contained" disabled={!running || !form.name || form.name.endsWith('-') || !form.port}>Publish</Button>
        </Stack>
      </Paper>
      {list.length > 0 && (
        <Paper>
          <Table size="small" aria-label="Published services">
            <TableHead><TableRow><TableCell>Address</TableCell><TableCell>Port</TableCell><TableCell>Access</TableCell>
              <TableCell align="right">Actions</TableCell></TableRow></TableHead>
            <TableBody>
              {list.map((p) => (
                <TableRow key={p.name}>
                  <TableCell><Link href={addressOf(p)} target="_blank" rel="noopener">{addressOf(p)}</Link></TableCell>
                  <TableCell>{p.port}</TableCell>
                  <TableCell>{p.isPublic ? 'public' : 'token'}</TableCell>
                  <TableCell align="right">
                    {!p.isPublic && <Button size="small" onClick={() => act(api(`${base}/${p.name}/token`, { method: 'POST' }))}>New token</Button>}
                    <Button size="small" color="error" onClick={() => act(api(`${base}/${p.name}`, { method: 'DELETE' }))}>Unpublish</Button>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Paper>
      )}
    </>
  );
}
