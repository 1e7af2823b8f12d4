import { useCallback, useEffect, useState } from 'react';
import {
  Alert, Box, Button, Chip, Dialog, DialogActions, DialogContent, DialogTitle, Paper, Table, TableBody, TableCell,
  TableHead, TableRow, TextField, Typography,
} from '@mui/material';
import { formatSize } from '../library/paths.js';
import {
  acceptProposal, declineProposal, listProposals, proposalChanges, reviewText, sidePath, textDiff,
} from './proposals.js';

const STATUS = { open: 'info', accepted: 'success', declined: 'default' };
const DIFF_COLOURS = { added: 'rgba(46, 160, 67, 0.18)', removed: 'rgba(248, 81, 73, 0.18)', same: 'transparent' };

function FileDiff({ proposal, path }) {
  const [lines, setLines] = useState(undefined);
  useEffect(() => {
    Promise.all([reviewText(sidePath(proposal.to, path)), reviewText(sidePath(proposal.from, path))])
      .then(([before, after]) => setLines(before === null || after === null ? null : textDiff(before, after)))
      .catch(() => setLines(null));
  }, [proposal, path]);
  if (lines === undefined) return <Typography variant="body2">Loading…</Typography>;
  if (lines === null) return <Typography variant="body2" color="text.secondary">Not text, or too large to show.</Typography>;
  return (
    <Box component="pre" data-testid="proposal-diff"
      sx={{ m: 0, p: 1, fontSize: 12, overflow: 'auto', maxHeight: '40vh', bgcolor: 'action.hover' }}>
      {lines.map((line, i) => (
        <Box key={i} component="div" sx={{ bgcolor: DIFF_COLOURS[line.kind] }}>
          {line.kind === 'added' ? '+ ' : line.kind === 'removed' ? '- ' : '  '}{line.text}
        </Box>
      ))}
    </Box>
  );
}

function Review({ id, onClose, onDecided }) {
  const [changes, setChanges] = useState(null);
  const [error, setError] = useState(null);
  const [shown, setShown] = useState(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => { proposalChanges(id).then(setChanges).catch(setError); }, [id]);
  const decide = (action) => {
    setBusy(true);
    action().then(onDecided).catch((e) => { setError(e); setBusy(false); });
  };
  const p = changes && changes.proposal;
  const rows = changes ? [
    ...changes.added.map((f) => ({ path: f.path, what: 'added', size: formatSize(f.size) })),
    ...changes.changed.map((f) => ({ path: f.path, what: 'changed', size: `${formatSize(f.sizeBefore)} → ${formatSize(f.sizeAfter)}` })),
    ...changes.removed.map((f) => ({ path: f.path, what: 'removed', size: formatSize(f.size) })),
  ] : [];
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="md">
      <DialogTitle>{p ? `Publish ${p.from} as ${p.to}?` : 'Proposal'}</DialogTitle>
      <DialogContent dividers>
        {error && <Alert severity="error" sx={{ mb: 1 }}>{error.message}</Alert>}
        {p && (
          <Typography variant="body2" sx={{ mb: 1 }}>
            Proposed by {p.by} on {new Date(p.proposedAt).toLocaleString()}{p.note ? `: “${p.note}”` : ''}
          </Typography>
        )}
        {changes && changes.proposedContentChanged && (
          <Alert severity="warning" sx={{ mb: 1 }}>
            {p.from} changed since it was proposed; accepting is refused. Decline it and ask {p.by} to propose it again.
          </Alert>
        )}
        {changes && (
          <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
            {changes.added.length} added, {changes.changed.length} changed, {changes.removed.length} removed,
            {' '}{changes.unchanged} unchanged in {p.to}
          </Typography>
        )}
        {rows.length > 0 && (
          <Table size="small" aria-label="Proposed changes">
            <TableHead><TableRow><TableCell>File</TableCell><TableCell>Change</TableCell><TableCell>Size</TableCell><TableCell /></TableRow></TableHead>
            <TableBody>
              {rows.map((row) => (
                <TableRow key={`${row.what}-${row.path}`}>
                  <TableCell sx={{ wordBreak: 'break-all' }}>{row.path}</TableCell>
                  <TableCell><Chip size="small" label={row.what} color={row.what === 'removed' ? 'error' : row.what === 'added' ? 'success' : 'warning'} /></TableCell>
                  <TableCell>{row.size}</TableCell>
                  <TableCell>
                    {row.what !== 'removed' && (
                      <Button size="small" onClick={() => setShown(shown === row.path ? null : row.path)}>
                        {shown === row.path ? 'Hide' : 'Show'}
                      </Button>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        {shown && p && <Box sx={{ mt: 1 }}><Typography variant="subtitle2">{shown}</Typography><FileDiff proposal={p} path={shown} /></Box>}
        {p && p.status === 'open' && (
          <TextField fullWidth size="small" margin="dense" label="Reason (sent back when declining)" value={reason}
            onChange={(e) => setReason(e.target.value)} />
        )}
      </DialogContent>
      <DialogActions sx={{ flexWrap: 'wrap' }}>
        <Button onClick={onClose}>Close</Button>
        {p && p.status === 'open' && (
          <>
            <Button color="warning" disabled={busy} onClick={() => decide(() => declineProposal(id, reason))}>Decline</Button>
            <Button variant="contained" disabled={busy || changes.proposedContentChanged} onClick={() => decide(() => acceptProposal(id))}>
              Accept and publish
            </Button>
          </>
        )}
      </DialogActions>
    </Dialog>
  );
}

// Proposals to publish into common/: admins review and decide them; users see how theirs went.
export default function ProposalsPanel({ admin }) {
  const [proposals, setProposals] = useState(null);
  const [error, setError] = useState(null);
  const [reviewing, setReviewing] = useState(null);
  const load = useCallback(() => listProposals().then(setProposals).catch(setError), []);
  useEffect(() => { load(); }, [load]);
  if (error) return <Alert severity="error">{error.message}</Alert>;
  if (!proposals) return null;
  if (proposals.length === 0) {
    return <Typography color="text.secondary">No proposals. Users propose assets from their library’s ⋮ menu.</Typography>;
  }
  return (
    <Paper sx={{ overflow: 'auto' }}>
      <Table size="small" aria-label="Proposals">
        <TableHead>
          <TableRow><TableCell>Proposed</TableCell><TableCell>By</TableCell><TableCell>Asset</TableCell><TableCell>Into</TableCell>
            <TableCell>Status</TableCell><TableCell /></TableRow>
        </TableHead>
        <TableBody>
          {proposals.map((p) => (
            <TableRow key={p.id}>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{new Date(p.proposedAt).toLocaleString()}</TableCell>
              <TableCell>{p.by}</TableCell>
              <TableCell sx={{ minWidth: 180 }}>{p.from}</TableCell>
              <TableCell sx={{ minWidth: 180 }}>{p.to}</TableCell>
              <TableCell>
                <Chip size="small" label={p.status} color={STATUS[p.status]} title={p.reason || ''} />
              </TableCell>
              <TableCell>{admin && <Button size="small" onClick={() => setReviewing(p.id)}>Review</Button>}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {reviewing && <Review id={reviewing} onClose={() => setReviewing(null)} onDecided={() => { setReviewing(null); load(); }} />}
    </Paper>
  );
}
