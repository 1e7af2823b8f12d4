import { useEffect, useState } from 'react';
import { Link as RouterLink, useNavigate, useParams } from 'react-router-dom';
import { Alert, Breadcrumbs, Button, Chip, FormControlLabel, Link, Stack, Switch, Typography } from '@mui/material';
import LogView from './LogView.jsx';
import ProvenancePanel from './ProvenancePanel.jsx';
import RunError from './RunError.jsx';
import ConfirmDialog from '../library/ConfirmDialog.jsx';
import { confirmationFor } from './PhaseButtons.jsx';
import { STATUS_COLOUR, cancelRun, followLog, formatDuration, getRun, startRun } from './runs.js';
import usePageTitle from '../components/usePageTitle.js';

// One run: status, duration, exit code, cancel, its log streaming live until the run ends, run again,
// and its provenance (what it used and wrote).
export default function RunPage({ me }) {
  const { name, id } = useParams();
  const navigate = useNavigate();
  const [asking, setAsking] = useState(false);
  const [run, setRun] = useState(null);
  usePageTitle(run ? `${run.phase} of ${run.twin}` : 'Run', 'Runs');
  const [chunks, setChunks] = useState([]);
  const [follow, setFollow] = useState(true);
  const [error, setError] = useState(null);
  const [, setTick] = useState(0);

  useEffect(() => {
    setChunks([]);
    setError(null);
    // the live log may end the run before this answer arrives: an ended run is never replaced by an older look
    getRun(id).then((fresh) => setRun((old) => (old?.endedAt && !fresh.endedAt ? old : fresh))).catch(setError);
    return followLog(id, {
      onText: (text) => setChunks((old) => [...old, text]),
      onEnd: setRun,
      onError: setError,
    });
  }, [id]);

  const active = run && (run.status === 'running' || run.status === 'queued');
  useEffect(() => {
    if (!active) return undefined;
    let ticks = 0;
    const timer = setInterval(() => {
      setTick((t) => t + 1); // the duration counts up
      // the live log's end event says when the run ends; asking every 3 s as well covers a stream that
      // ended without it (a proxy or a network in between cut it), so the status never stays "running"
      ticks += 1;
      if (ticks % 3 === 0) {
        getRun(id).then((fresh) => setRun((old) => (old?.endedAt || (fresh.status === old?.status && !fresh.endedAt) ? old : fresh)))
          .catch(() => {});
      }
    }, 1000);
    return () => clearInterval(timer);
  }, [active, id]);

  const duration = run && run.startedAt
    ? (run.endedAt ? Date.parse(run.endedAt) : Date.now()) - Date.parse(run.startedAt) : null;

  async function runAgain() {
    setAsking(false);
    setError(null);
    try {
      const started = await startRun(run.owner, run.twin, run.phase);
      navigate(`/twins/${encodeURIComponent(run.twin)}/runs/${started.id}`);
    } catch (e) {
      setError(e);
    }
  }

  async function cancel() {
    try {
      setRun(await cancelRun(id));
    } catch (e) {
      setError(e);
    }
  }

  return (
    <>
      <Breadcrumbs sx={{ mb: 1 }}>
        <Link component={RouterLink} to="/twins">Digital Twins</Link>
        <Link component={RouterLink} to={`/twins/${encodeURIComponent(name)}${run && run.owner !== run.user ? `?owner=${run.owner}` : ''}`}>{name}</Link>
        <Typography color="text.primary">{run ? run.phase : 'run'}</Typography>
      </Breadcrumbs>
      <Stack direction="row" spacing={2} useFlexGap sx={{ mb: 2, alignItems: 'center', flexWrap: 'wrap' }}>
        <Typography variant="h5" component="h1">
          {run ? `${run.phase} · ${run.twin}` : 'Run'}
        </Typography>
        {run && <Chip label={run.status} color={STATUS_COLOUR[run.status]} data-testid="run-status" />}
        {run && <Typography color="text.secondary">{formatDuration(duration)}</Typography>}
        {run && run.exitCode != null && <Typography color="text.secondary">exit code {run.exitCode}</Typography>}
        <span style={{ flexGrow: 1 }} />
        <FormControlLabel control={<Switch checked={follow} onChange={(e) => setFollow(e.target.checked)} />}
          label="Follow" />
        <Button href={`/api/runs/${id}/log`} download={`${name}-${run ? run.phase : 'run'}-${id}.log`}>Download log</Button>
        {run && !active && (run.owner === me.user || me.admin) && (
          <Button variant="outlined" onClick={() => (confirmationFor(run.phase, run.owner) ? setAsking(true) : runAgain())}>
            Run again
          </Button>
        )}
        {active && <Button variant="outlined" color="warning" onClick={cancel}>Cancel run</Button>}
      </Stack>
      {asking && (
        <ConfirmDialog title={`Run ${run.phase} again?`} text={confirmationFor(run.phase, run.owner)} action={`Run ${run.phase}`}
          onCancel={() => setAsking(false)} onConfirm={runAgain} />
      )}
      {run && run.reason && (
        <Alert severity={run.status === 'cancelled' ? 'warning' : 'error'} sx={{ mb: 2 }}>{run.reason}</Alert>
      )}
      {error && <RunError error={error} onClose={() => setError(null)} />}
      <LogView chunks={chunks} follow={follow} />
      {run && run.status !== 'queued' && <ProvenancePanel id={id} status={run.status} user={me.user} />}
    </>
  );
}
