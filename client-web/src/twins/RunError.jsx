import { Link as RouterLink } from 'react-router-dom';
import { Alert, Button } from '@mui/material';

// A refused or failed start: the message, and on a 409 (the twin is busy) a way to the run that holds it.
export default function RunError({ error, onClose }) {
  const holder = error.status === 409 && error.body && error.body.run;
  return (
    <Alert severity={holder ? 'warning' : 'error'} sx={{ mb: 2 }} onClose={onClose}
      action={holder ? (
        <Button color="inherit" size="small" component={RouterLink}
          to={`/twins/${encodeURIComponent(holder.twin)}/runs/${holder.id}`}>
          Open that run
        </Button>
      ) : null}>
      {holder ? `${holder.twin} is running ${holder.phase}; wait for it or cancel it first.` : error.message}
    </Alert>
  );
}
