import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, Box, Button, Divider, Paper, TextField, Typography } from '@mui/material';
import { signIn, signInOptions } from '../api.js';
import usePageTitle from '../components/usePageTitle.js';

// Only a local path may follow sign-in (an open redirect would help phishing).
export function safeNext(next) {
  return next && next.startsWith('/') && !next.startsWith('//') && next !== '/login' ? next : '/';
}

export default function LoginPage({ onSignedIn }) {
  usePageTitle('Sign in');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [params] = useSearchParams();
  const navigate = useNavigate();
  // until the gateway answers (or if it cannot), offer the password form
  const [options, setOptions] = useState({ passwords: true, oidc: null });

  useEffect(() => {
    let live = true;
    signInOptions().then((o) => live && o && setOptions(o)).catch(() => {});
    return () => { live = false; };
  }, []);

  async function submit(event) {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      const me = await signIn(username, password);
      const next = safeNext(params.get('next'));
      onSignedIn(me);
      // workspace tools live outside the app: a full navigation reaches them through the gateway
      if (/^\/[a-z][a-z0-9_-]*\/(lab|tree|terminals|tools)/.test(next)) window.location.assign(next);
      else navigate(next, { replace: true });
    } catch (e) {
      setError(e.status === 429 ? `Too many failed attempts. Try again in ${e.retryAfter || 'a few'} seconds.` : e.message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Box sx={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', bgcolor: 'background.default' }}>
      <Paper component="form" onSubmit={submit} elevation={3} sx={{ p: 4, width: 360 }} aria-label="Sign in">
        <Typography variant="h5" component="h1" gutterBottom>
          DTaaS
        </Typography>
        <Typography variant="body2" color="text.secondary" gutterBottom>
          Digital Twin as a Service. Sign in to your workspace.
        </Typography>
        {params.get('signedOut') === 'local' && (
          <Alert severity="info" sx={{ my: 2 }}>
            You are signed out of DTaaS. {options.oidc ? options.oidc.name : 'Your provider'} keeps its own
            session: on a shared computer, sign out there too.
          </Alert>
        )}
        {error && (
          <Alert severity="error" sx={{ my: 2 }} role="alert">
            {error}
          </Alert>
        )}
        {options.oidc && (
          <Button variant="contained" fullWidth sx={{ mt: 2 }} component="a"
            href={`${options.oidc.login}?next=${encodeURIComponent(safeNext(params.get('next')))}`}>
            Sign in with {options.oidc.name}
          </Button>
        )}
        {options.oidc && options.passwords && <Divider sx={{ my: 2 }}>or with a DTaaS password</Divider>}
        {options.passwords && <>
        <TextField label="User name" name="username" autoComplete="username" fullWidth margin="normal" required
          value={username} onChange={(e) => setUsername(e.target.value)} autoFocus={!options.oidc} />
        <TextField label="Password" name="password" type="password" autoComplete="current-password" fullWidth
          margin="normal" required value={password} onChange={(e) => setPassword(e.target.value)} />
        <Button type="submit" variant={options.oidc ? 'outlined' : 'contained'} fullWidth sx={{ mt: 2 }} disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </Button>
        </>}
      </Paper>
    </Box>
  );
}
