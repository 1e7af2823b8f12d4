import { useEffect, useState } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import {
  Alert, Box, Chip, Link, Paper, Stack, Table, TableBody, TableCell, TableHead, TableRow, Tooltip, Typography,
} from '@mui/material';
import { formatSize } from '../library/paths.js';
import { fileHref, getProvenance, outputPath, shortDigest } from './provenance.js';

function Digest({ sha256 }) {
  return (
    <Tooltip title={sha256 || 'over the size budget: listed, not read'}>
      <Box component="code" sx={{ fontSize: 12 }}>{shortDigest(sha256)}</Box>
    </Tooltip>
  );
}

function FileTable({ label, rows }) {
  return (
    <Box sx={{ overflowX: 'auto' }}>
      <Table size="small" aria-label={label}>
        <TableHead>
          <TableRow><TableCell>File</TableCell><TableCell align="right">Size</TableCell><TableCell>SHA-256</TableCell></TableRow>
        </TableHead>
        <TableBody>
          {rows.map((row) => (
            <TableRow key={row.path}>
              <TableCell sx={{ wordBreak: 'break-all' }}>
                {row.href ? <Link component={RouterLink} to={row.href}>{row.label}</Link> : row.label}
              </TableCell>
              <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>{row.size != null ? formatSize(row.size) : ''}</TableCell>
              <TableCell><Digest sha256={row.sha256} /></TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {rows.length === 0 && <Typography variant="body2" color="text.secondary" sx={{ p: 1 }}>None.</Typography>}
    </Box>
  );
}

// What a run used and made: who, when, the digests of its program, twin and named assets, its variables'
// names, and the files it wrote (linked into the library). Reloaded when the run ends.
export default function ProvenancePanel({ id, status, user }) {
  const [provenance, setProvenance] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    getProvenance(id).then(setProvenance).catch(setError);
  }, [id, status]);

  if (error) return <Alert severity="info" sx={{ mt: 2 }}>{error.message}</Alert>;
  if (!provenance) return null;
  const { inputs, outputs } = provenance;
  const outputRows = outputs ? outputs.files.map((f) => ({
    path: f.path, label: f.path, size: f.size, sha256: f.sha256, href: fileHref(outputPath(outputs, f), user),
  })) : [];
  const inputRows = [
    ...(inputs.program ? [{ path: inputs.program.path, label: `${inputs.program.path} (the program)`, size: inputs.program.bytes,
      sha256: inputs.program.sha256, href: fileHref(inputs.program.path, user) }] : []),
    ...(inputs.twin ? [{ path: inputs.twin.path, label: `${inputs.twin.path}/ (${inputs.twin.files.length} files)`,
      size: inputs.twin.bytes, sha256: inputs.twin.sha256 }] : []),
    ...inputs.assets.map((a) => ({ path: a.path, label: a.type === 'directory' ? `${a.path}/` : a.path, size: a.bytes,
      sha256: a.sha256, href: a.type === 'file' ? fileHref(a.path, user) : null })),
  ];
  return (
    <Paper variant="outlined" sx={{ mt: 3, p: 2 }} component="section" aria-labelledby="provenance-title">
      <Stack direction="row" spacing={2} sx={{ alignItems: 'baseline', flexWrap: 'wrap', mb: 1 }} useFlexGap>
        <Typography variant="h6" component="h2" id="provenance-title">Provenance</Typography>
        <Typography variant="body2" color="text.secondary">
          started by {provenance.startedBy}
          {provenance.startedAt && ` · ${new Date(provenance.startedAt).toLocaleString()}`}
          {provenance.endedAt && ` – ${new Date(provenance.endedAt).toLocaleTimeString()}`}
        </Typography>
        <Link href={`/api/runs/${id}/provenance`} download={`provenance-${id}.json`} sx={{ ml: 'auto' }}>Download JSON</Link>
      </Stack>
      <Typography variant="subtitle2" component="h3" sx={{ mt: 1 }}>
        Outputs {outputs ? `(files of ${outputs.folder}/ written while it ran)` : '(recorded when the run ends)'}
      </Typography>
      {outputs && <FileTable label="Outputs" rows={outputRows} />}
      {outputs && !outputs.complete && <Typography variant="caption">More files than are listed, or some too large to read.</Typography>}
      <Typography variant="subtitle2" component="h3" sx={{ mt: 2 }}>Inputs, as they were at the start</Typography>
      <FileTable label="Inputs" rows={inputRows} />
      <Typography variant="subtitle2" component="h3" sx={{ mt: 2 }}>Environment variables (names only)</Typography>
      <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap', mt: 0.5 }}>
        {inputs.environment.map((name) => <Chip key={name} size="small" label={name} variant="outlined" />)}
      </Stack>
    </Paper>
  );
}
