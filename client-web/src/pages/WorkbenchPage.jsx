import {
  Alert, Box, Button, Card, CardActionArea, CardContent, Chip, Grid, LinearProgress, List, ListItem, ListItemText,
  Stack, Tooltip, Typography,
} from '@mui/material';
import { DESCRIPTIONS, STATE_COLORS, describeDisk, describeLimits, describeNetwork, whyClosed } from '../workbench/workspace.js';
import PublishedPanel from '../workbench/PublishedPanel.jsx';
import useWorkspace from '../workbench/useWorkspace.js';
import usePageTitle from '../components/usePageTitle.js';

function ToolTile({ tool, state }) {
  const closed = whyClosed(tool, state);
  const content = (
    <CardContent>
      <Stack direction="row" justifyContent="space-between" alignItems="center" spacing={1}>
        <Typography variant="subtitle1" component="h2">{tool.title}</Typography>
        {tool.available && state === 'running' && (
          <Chip size="small" label={tool.ready ? 'ready' : 'not ready'} color={tool.ready ? 'success' : 'warning'} />
        )}
      </Stack>
      <Typography variant="body2" color="text.secondary">{DESCRIPTIONS[tool.name] || ''}</Typography>
      {closed && <Typography variant="caption" color="text.secondary" component="p" sx={{ mt: 1 }}>{closed}</Typography>}
    </CardContent>
  );
  return (
    <Card variant="outlined" sx={{ height: '100%', opacity: tool.available ? 1 : 0.55 }} data-testid={`tool-${tool.name}`}>
      {closed ? content : (
        <CardActionArea component="a" href={tool.path} target="_blank" rel="noopener" aria-label={`Open ${tool.title}`}>
          {content}
        </CardActionArea>
      )}
    </Card>
  );
}

export default function WorkbenchPage({ me }) {
  usePageTitle('Workbench');
  const { status, error, busy, act } = useWorkspace(me.user);

  const state = status ? status.state : null;
  const active = state === 'running' || state === 'starting';
  const limits = status && status.backend === 'local' ? describeLimits(status.limits) : null;
  const network = status && status.backend === 'local' ? describeNetwork(status.network) : null;
  const disk = status && status.backend === 'local' ? describeDisk(status.disk) : null;
  return (
    <>
      <Stack direction={{ xs: 'column', sm: 'row' }} justifyContent="space-between" alignItems={{ sm: 'center' }} spacing={1}
        sx={{ mb: 2 }}>
        <Box>
          <Typography variant="h5" component="h1">Workbench</Typography>
          <Typography color="text.secondary">
            Your workspace: your library as the working folder, common/ read-only inside it. Tools open in a new tab.
          </Typography>
        </Box>
        {status && (
          <Stack direction="row" spacing={1} alignItems="center">
            <Chip label={state} color={STATE_COLORS[state] || 'default'} data-testid="workspace-state" />
            {active
              ? <Button variant="outlined" color="warning" disabled={busy} onClick={() => act('stop')}>Stop workspace</Button>
              : <Button variant="contained" disabled={busy || state === 'stopping'} onClick={() => act('start')}>Start workspace</Button>}
          </Stack>
        )}
      </Stack>
      {(state === 'starting' || state === 'stopping') && <LinearProgress aria-label={`Workspace ${state}`} sx={{ mb: 2 }} />}
      {error && <Alert severity="error" role="alert" sx={{ mb: 2 }}>{error.message}</Alert>}
      {status && state === 'failed' && (
        <Alert severity="error" sx={{ mb: 2 }}>The workspace failed: {status.reason}. Start it again, or ask an admin to look at its logs.</Alert>
      )}
      {status && !status.sandboxed && status.backend === 'local' && (
        <Alert severity="warning" sx={{ mb: 2 }}>
          This platform runs workspaces without a sandbox (bubblewrap is not installed), so tools are not isolated from other users.
        </Alert>
      )}
      {limits && (
        <Typography variant="body2" color={limits.limited ? 'text.secondary' : 'warning.main'} sx={{ mb: 2 }}
          data-testid="workspace-limits">
          {limits.limited ? `Your tools and runs together: ${limits.text}.` : `${limits.text}: one user can use up its memory and processes.`}
        </Typography>
      )}
      {network && (
        <Typography variant="body2" color={network.isolated ? 'text.secondary' : 'warning.main'} sx={{ mt: -1.5, mb: 2 }}
          data-testid="workspace-network">
          {network.text}.
        </Typography>
      )}
      {disk && (
        <Typography variant="body2" color={disk.enforced && !disk.full ? 'text.secondary' : 'warning.main'} sx={{ mt: -1.5, mb: 2 }}
          data-testid="workspace-disk">
          {disk.text}{disk.full ? ': nearly full, delete what you no longer need' : ''}.
        </Typography>
      )}
      {!status && !error && <LinearProgress aria-label="Loading" />}
      {status && (
        <Grid container spacing={2}>
          {status.tools.map((tool) => (
            <Grid key={tool.name} size={{ xs: 12, sm: 6, md: 4 }}>
              <ToolTile tool={tool} state={state} />
            </Grid>
          ))}
        </Grid>
      )}
      {status && status.backend === 'local' && <PublishedPanel user={me.user} running={state === 'running'} />}
      {status && status.events.length > 0 && (
        <>
          <Typography variant="h6" component="h2" sx={{ mt: 3 }}>Recent events</Typography>
          <List dense aria-label="Workspace events">
            {status.events.slice(-8).reverse().map((event) => (
              <ListItem key={`${event.at}-${event.message}`} disableGutters>
                <Tooltip title={new Date(event.at).toLocaleString()}>
                  <ListItemText primary={event.message} secondary={new Date(event.at).toLocaleTimeString()} />
                </Tooltip>
              </ListItem>
            ))}
          </List>
        </>
      )}
    </>
  );
}
