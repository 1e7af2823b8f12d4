import { Link as RouterLink } from 'react-router-dom';
import { Alert, Button, Chip, Link, Paper, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useState } from 'react';
import { api } from '../api.js';
import useApi from '../components/useApi.js';
import Loadable from '../components/Loadable.jsx';
import UsersPanel from '../admin/UsersPanel.jsx';
import { STATE_COLORS, describeDisk, describeLimits } from '../workbench/workspace.js';
import usePageTitle from '../components/usePageTitle.js';
import ProposalsPanel from '../proposals/ProposalsPanel.jsx';

const NETWORKS = { namespace: 'own namespace', host: 'shared (host)', kubernetes: 'pod' };

const RUN_COLORS = { succeeded: 'success', failed: 'error', running: 'info', cancelled: 'default', queued: 'default' };

function Workspaces() {
  const [reload, setReload] = useState(0);
  const [error, setError] = useState(null);
  const state = useApi(`/api/workspaces?r=${reload}`);
  const stop = (user) => api(`/api/workspaces/${user}/stop`, { method: 'POST' }).then(() => setReload(reload + 1)).catch(setError);
  return (
    <Loadable state={state}>
      {(workspaces) => (
        <>
          {error && <Alert severity="error" role="alert">{error.message}</Alert>}
          {workspaces.length === 0 ? <Typography color="text.secondary">No workspace is running.</Typography> : (
            <Paper>
              <Table size="small" aria-label="Workspaces">
                <TableHead><TableRow><TableCell>User</TableCell><TableCell>State</TableCell><TableCell>Since</TableCell>
                  <TableCell>Limits</TableCell><TableCell>Network</TableCell><TableCell>Library disk</TableCell><TableCell align="right">Actions</TableCell></TableRow></TableHead>
                <TableBody>
                  {workspaces.map((w) => (
                    <TableRow key={w.user}>
                      <TableCell>{w.user}</TableCell>
                      <TableCell><Chip size="small" label={w.state} color={STATE_COLORS[w.state] || 'default'} /></TableCell>
                      <TableCell>{w.startedAt ? new Date(w.startedAt).toLocaleString() : ''}</TableCell>
                      <TableCell>{describeLimits(w.limits)?.text ?? ''}</TableCell>
                      <TableCell>{NETWORKS[w.network] ?? ''}</TableCell>
                      <TableCell>{describeDisk(w.disk)?.text.replace('Library disk: ', '') ?? ''}</TableCell>
                      <TableCell align="right"><Button size="small" color="warning" onClick={() => stop(w.user)}>Stop</Button></TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </Paper>
          )}
        </>
      )}
    </Loadable>
  );
}

function Runs() {
  const state = useApi('/api/runs?user=*');
  return (
    <Loadable state={state}>
      {(runs) => (runs.length === 0 ? <Typography color="text.secondary">No runs yet.</Typography> : (
        <Paper sx={{ overflow: 'auto' }}>
          <Table size="small" aria-label="Runs">
            <TableHead><TableRow><TableCell>Started</TableCell><TableCell>User</TableCell><TableCell>Twin</TableCell>
              <TableCell>Phase</TableCell><TableCell>Status</TableCell></TableRow></TableHead>
            <TableBody>
              {runs.map((run) => (
                <TableRow key={run.id}>
                  <TableCell>{new Date(run.createdAt).toLocaleString()}</TableCell>
                  <TableCell>{run.user}</TableCell>
                  <TableCell>{run.owner === run.user ? run.twin : `${run.owner}/${run.twin}`}</TableCell>
                  <TableCell>
                    <Link component={RouterLink} to={`/twins/${encodeURIComponent(run.twin)}/runs/${run.id}`}>{run.phase}</Link>
                  </TableCell>
                  <TableCell><Chip size="small" label={run.status} color={RUN_COLORS[run.status] || 'default'} /></TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Paper>
      ))}
    </Loadable>
  );
}

// For admins: the platform's users, running workspaces and recent runs.
export default function AdminPage({ me }) {
  usePageTitle('Admin');
  if (!me.admin) return <Alert severity="warning">The admin page is for admins.</Alert>;
  return (
    <>
      <Typography variant="h5" component="h1" gutterBottom>Admin</Typography>
      <Typography variant="h6" component="h2" sx={{ mt: 2, mb: 1 }}>Users</Typography>
      <UsersPanel me={me} />
      <Typography variant="h6" component="h2" sx={{ mt: 3, mb: 1 }}>Workspaces</Typography>
      <Workspaces />
      <Typography variant="h6" component="h2" sx={{ mt: 3, mb: 1 }}>Proposals to publish in common/</Typography>
      <ProposalsPanel admin />
      <Typography variant="h6" component="h2" sx={{ mt: 3, mb: 1 }}>Recent runs</Typography>
      <Runs />
    </>
  );
}
