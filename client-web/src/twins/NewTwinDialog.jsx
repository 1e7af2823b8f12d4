import { useState } from 'react';
import {
  Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, FormControlLabel, Radio, RadioGroup, TextField,
  Typography,
} from '@mui/material';
import useApi from '../components/useApi.js';
import Loadable from '../components/Loadable.jsx';
import { createTwin, twinNameProblem } from './newTwin.js';

// A new twin in the user's library: a name and one of the templates (the example twins).
export default function NewTwinDialog({ owner, taken, onCancel, onCreated }) {
  const templates = useApi('/api/library/templates');
  const [name, setName] = useState('');
  const [template, setTemplate] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const problem = twinNameProblem(name, taken);
  const chosen = template || templates.data?.[0]?.name || '';

  async function submit(event) {
    event.preventDefault();
    if (problem || !chosen) return;
    setBusy(true);
    setError(null);
    try {
      await createTwin(owner, name, chosen);
      onCreated(name);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }

  return (
    <Dialog open onClose={onCancel} fullWidth maxWidth="sm">
      <form onSubmit={submit}>
        <DialogTitle>New digital twin</DialogTitle>
        <DialogContent>
          <TextField autoFocus fullWidth margin="dense" label="Name" value={name} onChange={(e) => setName(e.target.value)}
            error={name !== '' && Boolean(problem)} helperText={name !== '' ? problem || ' ' : ' '} />
          <Typography variant="subtitle2" component="h3" sx={{ mt: 1 }}>Start from</Typography>
          <Loadable state={templates}>
            {(list) => list.length === 0
              ? <Alert severity="info">This platform offers no templates. Make a folder under “digital twins” in the library instead.</Alert>
              : (
                <RadioGroup value={chosen} onChange={(e) => setTemplate(e.target.value)} aria-label="Template">
                  {list.map((t) => (
                    <FormControlLabel key={t.name} value={t.name} control={<Radio />} sx={{ alignItems: 'flex-start', mb: 1 }}
                      label={(
                        <span>
                          <Typography component="span" variant="body1" sx={{ display: 'block', mt: 1 }}>{t.title}</Typography>
                          <Typography component="span" variant="body2" color="text.secondary" sx={{ display: 'block' }}>
                            {t.description}
                          </Typography>
                        </span>
                      )} />
                  ))}
                </RadioGroup>
              )}
          </Loadable>
          {error && <Alert severity="error" sx={{ mt: 1 }}>{error.message}</Alert>}
        </DialogContent>
        <DialogActions>
          <Button onClick={onCancel}>Cancel</Button>
          <Button type="submit" variant="contained" disabled={Boolean(problem) || !chosen || busy}>
            {busy ? 'Creating…' : 'Create'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
