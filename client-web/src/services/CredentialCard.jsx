import Visibility from '@mui/icons-material/Visibility';
import VisibilityOff from '@mui/icons-material/VisibilityOff';
import ContentCopy from '@mui/icons-material/ContentCopy';
import Check from '@mui/icons-material/Check';
import { useState } from 'react';
import {
  Box, Card, CardContent, IconButton, InputAdornment, Stack, Tab, Tabs, TextField, Tooltip, Typography,
} from '@mui/material';
import { snippets } from './snippets.js';

function CopyField({ label, value, secret }) {
  const [shown, setShown] = useState(!secret);
  const [copied, setCopied] = useState(false);
  async function copy() {
    await navigator.clipboard.writeText(value);
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  }
  return (
    <TextField label={label} size="small" fullWidth value={shown ? value : '••••••••••••'}
      slotProps={{
        input: {
          readOnly: true,
          sx: { fontFamily: 'monospace' },
          endAdornment: (
            <InputAdornment position="end">
              {secret && (
                <Tooltip title={shown ? 'Hide' : 'Reveal'}>
                  <IconButton size="small" aria-label={`${shown ? 'Hide' : 'Reveal'} ${label}`} onClick={() => setShown(!shown)}>
                    {shown ? <VisibilityOff fontSize="small" /> : <Visibility fontSize="small" />}
                  </IconButton>
                </Tooltip>
              )}
              <Tooltip title={copied ? 'Copied' : 'Copy'}>
                <IconButton size="small" aria-label={`Copy ${label}`} onClick={copy}>
                  {copied ? <Check fontSize="small" /> : <ContentCopy fontSize="small" />}
                </IconButton>
              </Tooltip>
            </InputAdornment>
          ),
        },
      }} />
  );
}

// A user's own credentials for one service: fields to copy (the password hidden until revealed)
// and connection snippets.
export default function CredentialCard({ service, title, credential }) {
  const examples = snippets(service, credential);
  const languages = Object.keys(examples);
  const [language, setLanguage] = useState(languages[0]);
  return (
    <Card>
      <CardContent>
        <Typography variant="subtitle1" component="h3" gutterBottom>{title}</Typography>
        <Stack spacing={1.5} sx={{ mb: 2 }}>
          {Object.entries(credential).map(([field, value]) => (
            <CopyField key={field} label={field} value={value} secret={field === 'password' || field === 'token'} />
          ))}
        </Stack>
        <Tabs value={language} onChange={(e, v) => setLanguage(v)} aria-label={`${title} examples`}>
          {languages.map((l) => <Tab key={l} value={l} label={l} />)}
        </Tabs>
        <Box component="pre" sx={{ bgcolor: '#12161c', color: '#e6e6e6', p: 1.5, borderRadius: 1, fontSize: 12, overflow: 'auto', m: 0 }}>
          {examples[language]}
        </Box>
      </CardContent>
    </Card>
  );
}
