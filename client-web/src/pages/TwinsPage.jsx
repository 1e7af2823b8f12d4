import { Card, CardContent, Chip, Grid, Stack, Typography } from '@mui/material';
import useApi from '../components/useApi.js';
import Loadable from '../components/Loadable.jsx';

function TwinList({ owner, title }) {
  const state = useApi(`/api/twins/${owner}`);
  return (
    <>
      <Typography variant="h6" component="h2" sx={{ mt: 3, mb: 1 }}>
        {title}
      </Typography>
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
                  <Card>
                    <CardContent>
                      <Typography variant="subtitle1" component="h3">
                        {twin.name}
                      </Typography>
                      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
                        {twin.description || 'No README.md description.'}
                      </Typography>
                      <Stack direction="row" spacing={1} useFlexGap flexWrap="wrap">
                        {twin.phases.map((phase) => (
                          <Chip key={phase} label={phase} size="small" />
                        ))}
                      </Stack>
                    </CardContent>
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
  return (
    <>
      <Typography variant="h5" component="h1">
        Digital Twins
      </Typography>
      <TwinList owner={me.user} title="My digital twins" />
      <TwinList owner="common" title="Common digital twins" />
    </>
  );
}
