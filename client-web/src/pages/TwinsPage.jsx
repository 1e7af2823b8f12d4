import { useEffect, useState } from 'react';
import { Link as RouterLink, useNavigate } from 'react-router-dom';
import { Alert, Box, Button, Card, CardActions, CardContent, Grid, Link, Typography } from '@mui/material';
import useApi from '../components/useApi.js';
import Loadable from '../components/Loadable.jsx';
import PhaseButtons from '../twins/PhaseButtons.jsx';
import NewTwinDialog from '../twins/NewTwinDialog.jsx';
import RunError from '../twins/RunError.jsx';
import LastRunChip from '../twins/LastRunChip.jsx';
import usePageTitle from '../components/usePageTitle.js';
import { lastRunByTwin, myRuns, startRun } from '../twins/runs.js';

function TwinList({ owner, title, mayRun, action, lastRuns }) {
  const state = useApi(`/api/twins/${owner}`);
  const navigate = useNavigate();
  const [error, setError] = useState(null);
  const query = owner === 'common' ? '?owner=common' : '';

  async function run(twin, phase) {
    setError(null);
    try {
      const started = await startRun(owner, twin.name, phase);
      navigate(`/twins/${encodeURIComponent(twin.name)}/runs/${started.id}`);
    } catch (e) {
      setError(e);
    }
  }

  return (
    <>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, mt: 3, mb: 1, flexWrap: 'wrap' }}>
        <Typography variant="h6" component="h2" sx={{ flexGrow: 1 }}>
          {title}
        </Typography>
        {action}
      </Box>
      {error && <RunError error={error} onClose={() => setError(null)} />}
      <Loadable state={state}>
        {(twins) =>
          twins.length === 0 ? (
            <Typography color="text.secondary">
              No digital twins yet. A twin is a folder under “digital twins” with programs in lifecycle/.
            </Typography>
          ) : (
            <Grid container spacing={2}>
              {twins.map((twin) => (
                <Grid key={twin.path} size={{ xs: 12, md: 6 }}>
                  <Card sx={{ height: '100%', display: 'flex', flexDirection: 'column' }}>
                    <CardContent sx={{ flexGrow: 1 }}>
                      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
                        <Typography variant="subtitle1" component="h3" sx={{ flexGrow: 1 }}>
                          <Link component={RouterLink} to={`/twins/${encodeURIComponent(twin.name)}${query}`}>{twin.name}</Link>
                        </Typography>
                        {lastRuns && <LastRunChip run={lastRuns[`${owner}/${twin.name}`]} />}
                      </Box>
                      <Typography variant="body2" color="text.secondary">
                        {twin.description || 'No README.md description.'}
                      </Typography>
                    </CardContent>
                    <CardActions sx={{ px: 2, pb: 2 }}>
                      {mayRun ? <PhaseButtons size="small" phases={twin.phases} owner={owner} onRun={(phase) => run(twin, phase)} />
                        : <Typography variant="body2" color="text.secondary">
                          Phases: {twin.phases.join(', ') || 'none'} · copy it into your library to run it
                        </Typography>}
                    </CardActions>
                  </Card>
                </Grid>
              ))}
            </Grid>
          )
        }
      </Loadable>
    </>
  );
}

export default function TwinsPage({ me }) {
  usePageTitle('Digital Twins');
  const [creating, setCreating] = useState(false);
  const [lastRuns, setLastRuns] = useState(null);
  useEffect(() => {
    myRuns().then((runs) => setLastRuns(lastRunByTwin(runs))).catch(() => setLastRuns({}));
  }, []);
  const navigate = useNavigate();
  return (
    <>
      <Typography variant="h5" component="h1">
        Digital Twins
      </Typography>
      <TwinList owner={me.user} title="My digital twins" mayRun lastRuns={lastRuns}
        action={<Button variant="contained" onClick={() => setCreating(true)}>New twin</Button>} />
      {creating && (
        <NewTwinDialog owner={me.user} onCancel={() => setCreating(false)}
          onCreated={(name) => navigate(`/twins/${encodeURIComponent(name)}?created=1`)} />
      )}
      <TwinList owner="common" title="Common digital twins" mayRun={me.admin} lastRuns={lastRuns} />
    </>
  );
}
