import { useEffect, useState } from 'react';
import { Link as RouterLink, useNavigate } from 'react-router-dom';
import {
  Alert, Box, Button, Card, CardActions, CardContent, Chip, Grid, Link, List, ListItem, ListItemText, Stack, Typography,
} from '@mui/material';
import { api } from '../api.js';
import usePageTitle from '../components/usePageTitle.js';
import { STATE_COLORS } from '../workbench/workspace.js';
import useWorkspace from '../workbench/useWorkspace.js';
import LastRunChip from '../twins/LastRunChip.jsx';
import NewTwinDialog from '../twins/NewTwinDialog.jsx';
import { STATUS_COLOUR, formatDuration, lastRunByTwin, myRuns, timeAgo } from '../twins/runs.js';

function WorkspaceCard({ user }) {
  const { status, error, busy, act } = useWorkspace(user);
  const state = status?.state;
  const active = state === 'running' || state === 'starting';
  const ready = (status?.tools ?? []).filter((t) => t.available && t.ready).length;
  return (
    <Card variant="outlined" sx={{ height: '100%' }}>
      <CardContent>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 1 }}>
          <Typography variant="h6" component="h2" sx={{ flexGrow: 1 }}>Workspace</Typography>
          {state && <Chip size="small" label={state} color={STATE_COLORS[state] || 'default'} data-testid="home-workspace-state" />}
        </Stack>
        {error && <Alert severity="error">{error.message}</Alert>}
        <Typography variant="body2" color="text.secondary">
          {state === 'running' ? `${ready} tool${ready === 1 ? '' : 's'} ready: JupyterLab, VS Code, a desktop and a terminal on your library.`
            : 'JupyterLab, VS Code, a Linux desktop and a terminal, with your library as the working folder.'}
        </Typography>
      </CardContent>
      <CardActions sx={{ px: 2, pb: 2, flexWrap: 'wrap', gap: 1 }}>
        {status && (active
          ? <Button variant="outlined" color="warning" disabled={busy} onClick={() => act('stop')}>Stop</Button>
          : <Button variant="contained" disabled={busy} onClick={() => act('start')}>Start workspace</Button>)}
        <Button component={RouterLink} to="/workbench">Open the workbench</Button>
      </CardActions>
    </Card>
  );
}

function GettingStarted({ onNewTwin }) {
  return (
    <Card variant="outlined" sx={{ height: '100%' }}>
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>Getting started</Typography>
        <List dense disablePadding sx={{ listStyle: 'decimal', pl: 3 }}>
          {['Make a twin from a template: a script, a Maestro co-simulation or an MQTT-connected thermostat.',
            'Change what it does: open its execute program in the library’s editor.',
            'Run it: follow the live log, then see what it used and wrote under Provenance.'].map((step) => (
            <ListItem key={step} sx={{ display: 'list-item', px: 0 }}><ListItemText primary={step} /></ListItem>
          ))}
        </List>
        <Typography variant="body2" color="text.secondary">
          Or copy one of the <Link component={RouterLink} to="/twins">common twins</Link>, and read{' '}
          <Link component={RouterLink} to="/library/common">common/</Link>’s shared assets.
        </Typography>
      </CardContent>
      <CardActions sx={{ px: 2, pb: 2 }}>
        <Button variant="contained" onClick={onNewTwin}>New twin</Button>
      </CardActions>
    </Card>
  );
}

// The first page after sign-in: the workspace, one's twins with their last runs, recent runs, and how to begin.
export default function HomePage({ me }) {
  usePageTitle('Home');
  const navigate = useNavigate();
  const [twins, setTwins] = useState(null);
  const [runs, setRuns] = useState(null);
  const [error, setError] = useState(null);
  const [creating, setCreating] = useState(false);
  useEffect(() => {
    api(`/api/twins/${me.user}`).then(setTwins).catch(setError);
    myRuns().then(setRuns).catch(setError);
  }, [me.user]);
  const last = runs ? lastRunByTwin(runs) : {};

  return (
    <>
      <Typography variant="h5" component="h1" sx={{ mb: 2 }}>Welcome, {me.user}</Typography>
      {error && <Alert severity="error" sx={{ mb: 2 }}>{error.message}</Alert>}
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 6 }}><WorkspaceCard user={me.user} /></Grid>
        <Grid size={{ xs: 12, md: 6 }}><GettingStarted onNewTwin={() => setCreating(true)} /></Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <Card variant="outlined" sx={{ height: '100%' }}>
            <CardContent>
              <Typography variant="h6" component="h2" gutterBottom>My digital twins</Typography>
              {twins && twins.length === 0 && <Typography color="text.secondary">None yet: make one from a template.</Typography>}
              <List dense disablePadding aria-label="My digital twins">
                {(twins || []).map((twin) => (
                  <ListItem key={twin.path} disableGutters sx={{ gap: 1, flexWrap: 'wrap' }}>
                    <Link component={RouterLink} to={`/twins/${encodeURIComponent(twin.name)}`} sx={{ flexGrow: 1 }}>{twin.name}</Link>
                    {runs && <LastRunChip run={last[`${me.user}/${twin.name}`]} />}
                  </ListItem>
                ))}
              </List>
            </CardContent>
          </Card>
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <Card variant="outlined" sx={{ height: '100%' }}>
            <CardContent>
              <Typography variant="h6" component="h2" gutterBottom>Recent runs</Typography>
              {runs && runs.length === 0 && <Typography color="text.secondary">No runs yet.</Typography>}
              <List dense disablePadding aria-label="Recent runs">
                {(runs || []).slice(0, 8).map((run) => (
                  <ListItem key={run.id} disableGutters sx={{ gap: 1, flexWrap: 'wrap' }}>
                    <Link component={RouterLink} to={`/twins/${encodeURIComponent(run.twin)}/runs/${run.id}`} sx={{ flexGrow: 1 }}>
                      {run.phase} · {run.twin}
                    </Link>
                    <Chip size="small" label={run.status} color={STATUS_COLOUR[run.status]} />
                    <Box component="span" sx={{ color: 'text.secondary', fontSize: 13, minWidth: '9em', textAlign: 'right' }}>
                      {timeAgo(run.startedAt || run.createdAt)}{run.durationMs != null ? ` · ${formatDuration(run.durationMs)}` : ''}
                    </Box>
                  </ListItem>
                ))}
              </List>
            </CardContent>
          </Card>
        </Grid>
      </Grid>
      {creating && (
        <NewTwinDialog owner={me.user} taken={(twins || []).map((t) => t.name)} onCancel={() => setCreating(false)}
          onCreated={(name) => navigate(`/twins/${encodeURIComponent(name)}?created=1`)} />
      )}
    </>
  );
}
