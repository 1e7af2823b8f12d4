import { Alert, LinearProgress } from '@mui/material';

// Shows progress, then an error that says what to do, then the content.
export default function Loadable({ state, children }) {
  if (state.loading) return <LinearProgress aria-label="Loading" />;
  if (state.error) {
    return (
      <Alert severity="error" role="alert">
        {state.error.message}
      </Alert>
    );
  }
  return children(state.data);
}
