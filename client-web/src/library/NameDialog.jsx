import { useState } from 'react';
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, TextField } from '@mui/material';

// Asks for one text (a name or a path) with a check before it is accepted.
export default function NameDialog({ title, label, initial = '', action, check, onCancel, onDone }) {
  const [value, setValue] = useState(initial);
  const problem = check(value);
  const submit = (event) => {
    event.preventDefault();
    if (!problem) onDone(value.trim());
  };
  return (
    <Dialog open onClose={onCancel} fullWidth maxWidth="sm">
      <form onSubmit={submit}>
        <DialogTitle>{title}</DialogTitle>
        <DialogContent>
          <TextField autoFocus fullWidth margin="dense" label={label} value={value} onChange={(e) => setValue(e.target.value)}
            error={value !== initial && Boolean(problem)} helperText={value !== initial ? problem || ' ' : ' '} />
        </DialogContent>
        <DialogActions>
          <Button onClick={onCancel}>Cancel</Button>
          <Button type="submit" variant="contained" disabled={Boolean(problem)}>{action}</Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
