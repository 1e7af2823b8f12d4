import { useCallback, useEffect, useState } from 'react';
import {
  Alert, Button, Checkbox, Chip, FormControlLabel, Paper, Stack, Table, TableBody, TableCell, TableHead, TableRow,
  TextField, Typography,
} from '@mui/material';
import { api } from '../api.js';
import ConfirmDialog from '../library/ConfirmDialog.jsx';
import NameDialog from '../library/NameDialog.jsx';

const checkPassword = (value) => (value.length < 8 ? 'At least 8 characters.' : null);

// The built-in accounts: add, reset a password, remove (the gateway's /api/users).
export default function UsersPanel({ me }) {
  const [users, setUsers] = useState(null);
  const [message, setMessage] = useState(null);
  const [form, setForm] = useState({ name: '', password: '', admin: false });
  const [dialog, setDialog] = useState(null);

  const load = useCallback(() => api('/api/users').then(setUsers).catch((e) => setMessage({ severity: 'error', text: e.message })), []);
  useEffect(() => {
    load();
  }, [load]);

  const run = (promise, done) => promise
    .then((answer) => { setMessage({ severity: 'success', text: done(answer) }); load(); })
    .catch((e) => setMessage({ severity: 'error', text: e.message }))
    .finally(() => setDialog(null));

  const add = (event) => {
    event.preventDefault();
    run(api('/api/users', { method: 'POST', body: form }), (a) => `${a.name} added (${a.note}).`);
    setForm({ name: '', password: '', admin: false });
  };

  return (
    <>
      {message && <Alert severity={message.severity} role={message.severity === 'error' ? 'alert' : 'status'} sx={{ mb: 2 }}
        onClose={() => setMessage(null)}>{message.text}</Alert>}
      <Paper component="form" onSubmit={add} sx={{ p: 2, mb: 2 }} aria-label="Add a user">
        <Typography variant="subtitle1" component="h3" gutterBottom>Add a user</Typography>
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} alignItems={{ sm: 'center' }}>
          <TextField size="small" label="User name" value={form.name} required
            onChange={(e) => setForm({ ...form, name: e.target.value.toLowerCase() })}
            helperText="lowercase letters, digits, - and _" />
          <TextField size="small" label="Password" type="password" value={form.password} required
            onChange={(e) => setForm({ ...form, password: e.target.value })} helperText="at least 8 characters" />
          <FormControlLabel control={<Checkbox checked={form.admin} onChange={(e) => setForm({ ...form, admin: e.target.checked })} />}
            label="Admin" />
          <Button type="submit" variant="contained" disabled={!form.name || form.password.length < 8}>Add user</Button>
        </Stack>
      </Paper>
      {users && (
        <Paper>
          <Table size="small" aria-label="Users">
            <TableHead><TableRow><TableCell>User</TableCell><TableCell>Role</TableCell><TableCell align="right">Actions</TableCell></TableRow></TableHead>
            <TableBody>
              {users.map((user) => (
                <TableRow key={user.name}>
                  <TableCell>{user.name}</TableCell>
                  <TableCell>{user.admin ? <Chip size="small" color="primary" label="admin" /> : 'user'}</TableCell>
                  <TableCell align="right">
                    <Button size="small" onClick={() => setDialog({ type: 'password', user })}>Reset password</Button>
                    <Button size="small" color="error" disabled={user.name === me.user}
                      onClick={() => setDialog({ type: 'remove', user })}>Remove</Button>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Paper>
      )}
      {dialog && dialog.type === 'password' && (
        <NameDialog title={`New password for ${dialog.user.name}`} label="New password" action="Set password"
          check={checkPassword} onCancel={() => setDialog(null)}
          onDone={(password) => run(api(`/api/users/${dialog.user.name}/password`, { method: 'PUT', body: { password } }),
            () => `The password of ${dialog.user.name} is changed; tell them the new one.`)} />
      )}
      {dialog && dialog.type === 'remove' && (
        <ConfirmDialog title={`Remove ${dialog.user.name}?`} action="Remove" onCancel={() => setDialog(null)}
          text={`${dialog.user.name} is signed out and loses their RabbitMQ, MQTT, InfluxDB and Grafana accounts. Their files stay.`}
          onConfirm={() => run(api(`/api/users/${dialog.user.name}`, { method: 'DELETE' }), (a) => `${a.name} removed: ${a.note}.`)} />
      )}
    </>
  );
}
