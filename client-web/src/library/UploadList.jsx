import { Box, IconButton, LinearProgress, List, ListItem, Paper, Typography } from '@mui/material';
import { formatSize } from './paths.js';

// One line per file being uploaded: a progress bar, and a cancel button while it goes.
export default function UploadList({ uploads, onCancel, onClear }) {
  if (uploads.length === 0) return null;
  const done = uploads.every((u) => u.state !== 'uploading');
  return (
    <Paper variant="outlined" sx={{ mb: 2, p: 1 }} aria-label="Uploads">
      <Box sx={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
        <Typography variant="subtitle2">Uploads</Typography>
        {done && <Typography component="button" variant="body2" onClick={onClear}
          sx={{ border: 0, background: 'none', color: 'primary.main', cursor: 'pointer' }}>Clear</Typography>}
      </Box>
      <List dense>
        {uploads.map((u) => (
          <ListItem key={u.id} disableGutters data-testid="upload" data-state={u.state}
            secondaryAction={u.state === 'uploading' && (
              <IconButton edge="end" size="small" aria-label={`Cancel upload of ${u.path}`} onClick={() => onCancel(u.id)}>
                ✕
              </IconButton>
            )}>
            <Box sx={{ width: '100%', pr: 5 }}>
              <Typography variant="body2" noWrap>
                {u.path} — {u.state === 'failed' ? u.error : u.state === 'done' ? 'uploaded' : u.state === 'cancelled'
                  ? 'cancelled' : `${formatSize(u.loaded)} of ${formatSize(u.total)}`}
              </Typography>
              <LinearProgress variant="determinate" value={u.total ? (100 * u.loaded) / u.total : 0}
                color={u.state === 'failed' ? 'error' : u.state === 'done' ? 'success' : 'primary'}
                aria-label={`Upload of ${u.path}`} />
            </Box>
          </ListItem>
        ))}
      </List>
    </Paper>
  );
}
