import { Alert, Chip, Grid, Paper, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import useApi from '../components/useApi.js';
import Loadable from '../components/Loadable.jsx';
import CredentialCard from '../services/CredentialCard.jsx';
import usePageTitle from '../components/usePageTitle.js';

const COLORS = { up: 'success', down: 'error', 'not-configured': 'default' };

export default function ServicesPage({ me }) {
  usePageTitle('Services');
  const state = useApi('/api/services');
  const credentials = useApi(`/api/services/${me.user}/credentials`);
  return (
    <>
      <Typography variant="h5" component="h1" gutterBottom>
        Services
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        Platform services your digital twins can use to talk to physical twins and to store time series.
      </Typography>
      <Loadable state={state}>
        {(services) => (
          <>
            <Paper sx={{ overflowX: 'auto' }}>
              <Table size="small" aria-label="Platform services">
                <TableHead>
                  <TableRow>
                    <TableCell>Service</TableCell>
                    <TableCell>Address</TableCell>
                    <TableCell>Status</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {services.map((service) => (
                    <TableRow key={service.name}>
                      <TableCell>{service.title}</TableCell>
                      <TableCell sx={{ wordBreak: 'break-all' }}>{service.url || '—'}</TableCell>
                      <TableCell>
                        <Chip size="small" label={service.status} color={COLORS[service.status] || 'default'} />
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </Paper>
            <Typography variant="h6" component="h2" sx={{ mt: 3, mb: 1 }}>Your credentials</Typography>
            <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
              Yours alone. Your workspace has them in /workspace/.dtaas/services.env and its terminals, and your twins&apos; lifecycle programs get
              them as environment variables (RABBITMQ_URL, MQTT_PASSWORD, ...).
            </Typography>
            <Loadable state={credentials}>
              {(issued) => (Object.keys(issued).length === 0
                ? <Alert severity="info">No service with per-user accounts is configured on this platform.</Alert>
                : (
                  <Grid container spacing={2}>
                    {Object.entries(issued).map(([name, credential]) => (
                      <Grid key={name} size={{ xs: 12, md: 6 }}>
                        <CredentialCard service={name} credential={credential}
                          title={(services.find((s) => s.name === name) || { title: name }).title} />
                      </Grid>
                    ))}
                  </Grid>
                ))}
            </Loadable>
          </>
        )}
      </Loadable>
    </>
  );
}
