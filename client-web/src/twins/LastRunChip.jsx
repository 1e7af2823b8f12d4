import { Link as RouterLink } from 'react-router-dom';
import { Chip } from '@mui/material';
import { STATUS_COLOUR, timeAgo } from './runs.js';

// A twin's newest run on a card or list: its phase, status and when; a link to the run.
export default function LastRunChip({ run }) {
  if (!run) return <Chip size="small" variant="outlined" label="never run" />;
  return (
    <Chip size="small" clickable component={RouterLink} color={STATUS_COLOUR[run.status]}
      to={`/twins/${encodeURIComponent(run.twin)}/runs/${run.id}`}
      label={`${run.phase} ${run.status} · ${timeAgo(run.startedAt || run.createdAt)}`} data-testid="last-run" />
  );
}
