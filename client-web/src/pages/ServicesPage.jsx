import { Chip, Paper, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import useApi from '../components/useApi.js';
import Loadable from '../components/Loadable.jsx';

const COLORS = { up: 'success', down: 'error', 'not-configured': 'default' };

export default function ServicesPage() {
  const state = useApi('/api/services');
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
          <Paper>
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
                    <TableCell>{service.url || '—'}</TableCell>
                    <TableCell>
                      <Chip size="small" label={service.status} color={COLORS[service.status] || 'default'} />
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Paper>
        )}
      </Loadable>
    </>
  );
}
