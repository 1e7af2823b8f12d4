import { useCallback, useEffect, useState } from 'react';
import { Link as RouterLink, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import {
  Alert, Breadcrumbs, Button, Chip, Link, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Paper, Typography,
} from '@mui/material';
import { api } from '../api.js';
import PhaseButtons from './PhaseButtons.jsx';
import RunError from './RunError.jsx';
import { libraryHref } from '../library/paths.js';
import { STATUS_COLOUR, formatDuration, runHistory, startRun } from './runs.js';
import usePageTitle from '../components/usePageTitle.js';

// A twin's page: run a phase, and the history of its runs.
export default function TwinPage({ me }) {
  const { name } = useParams();
  usePageTitle(name, 'Digital Twins');
  const [search] = useSearchParams();
  const owner = search.get('owner') || me.user;
  const libraryLink = (path) => libraryHref(path, me.user);
  const navigate = useNavigate();
  const [twin, setTwin] = useState(null);
  const [runs, setRuns] = useState([]);
  const [error, setError] = useState(null);

  const load = useCallback(() => {
    fetchTwin(owner, name).then(setTwin).catch(setError);
    runHistory(owner, name).then(setRuns).catch(setError);
  }, [owner, name]);
  useEffect(load, [load]);
  // the history follows runs started elsewhere (another tab, the workspace, an admin) and their ends
  const going = runs.some((r) => r.status === 'running' || r.status === 'queued');
  useEffect(() => {
    const timer = setInterval(() => runHistory(owner, name).then(setRuns).catch(() => {}), going ? 2000 : 15000);
    return () => clearInterval(timer);
  }, [owner, name, going]);

  async function run(phase) {
    setError(null);
    try {
      const started = await startRun(owner, name, phase);
      navigate(`/twins/${encodeURIComponent(name)}/runs/${started.id}`);
    } catch (e) {
      setError(e);
      load();
    }
  }

  // a common twin becomes the user's own, to run and change: copied on the server, programs still executable
  async function copyToMine() {
    setError(null);
    try {
      await api('/api/library/copy', { method: 'POST', body: { from: twin.path, to: `${me.user}/digital twins/${name}` } });
      navigate(`/twins/${encodeURIComponent(name)}`);
    } catch (e) {
      setError(e);
    }
  }

  const mayRun = owner === me.user || me.admin;
  return (
    <>
      <Breadcrumbs sx={{ mb: 1 }}>
        <Link component={RouterLink} to="/twins">Digital Twins</Link>
        <Typography color="text.primary">{name}</Typography>
      </Breadcrumbs>
      <Typography variant="h5" component="h1">{name}</Typography>
      {twin && <Typography color="text.secondary" sx={{ my: 1 }}>{twin.description || 'No README.md description.'}</Typography>}
      {twin && (
        <Typography variant="body2" sx={{ mb: 2 }}>
          Files: <Link component={RouterLink} to={libraryLink(twin.path)}>{twin.path}</Link>
          {' · '}Programs: <Link component={RouterLink} to={libraryLink(`${twin.path}/lifecycle`)}>lifecycle/</Link>
          {' · '}Output data: <Link component={RouterLink} to={libraryLink(`${me.user}/data/${name}`)}>data/{name}</Link>
        </Typography>
      )}
      {twin && search.get('created') && (
        <Alert severity="success" sx={{ mb: 2 }}>
          Your twin is ready. Change what it does in its{' '}
          <Link component={RouterLink} to={`${libraryLink(`${twin.path}/lifecycle`)}?open=execute&edit=1`}>execute program</Link>
          , then run it below.
        </Alert>
      )}
      {error && <RunError error={error} onClose={() => setError(null)} />}
      {twin && (mayRun ? <PhaseButtons phases={twin.phases} owner={owner} onRun={run} />
        : (
          <Alert severity="info" action={<Button color="inherit" size="small" onClick={copyToMine}>Copy to my library</Button>}>
            Common twins are run by admins. Copy it into your own library to run and change it.
          </Alert>
        ))}
      <Typography variant="h6" component="h2" sx={{ mt: 3, mb: 1 }}>Runs</Typography>
      {runs.length === 0 ? <Typography color="text.secondary">No runs yet.</Typography> : (
        <TableContainer component={Paper}>
          <Table size="small" aria-label="Runs">
            <TableHead>
              <TableRow>
                <TableCell>Phase</TableCell><TableCell>Status</TableCell><TableCell>Started</TableCell>
                <TableCell>Duration</TableCell><TableCell>Exit code</TableCell><TableCell>By</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {runs.map((r) => (
                <TableRow key={r.id} hover>
                  <TableCell>
                    <Link component={RouterLink} to={`/twins/${encodeURIComponent(name)}/runs/${r.id}`}>{r.phase}</Link>
                  </TableCell>
                  <TableCell><Chip size="small" label={r.status} color={STATUS_COLOUR[r.status]} /></TableCell>
                  <TableCell>{new Date(r.startedAt || r.createdAt).toLocaleString()}</TableCell>
                  <TableCell>{formatDuration(r.durationMs)}</TableCell>
                  <TableCell>{r.exitCode ?? ''}</TableCell>
                  <TableCell>{r.user}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </>
  );
}

async function fetchTwin(owner, name) {
  const twins = await api(`/api/twins/${encodeURIComponent(owner)}`);
  const twin = twins.find((t) => t.name === name);
  if (!twin) throw new Error(`No digital twin “${name}” in ${owner}’s library.`);
  return twin;
}
