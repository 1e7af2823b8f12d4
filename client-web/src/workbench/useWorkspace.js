import { useCallback, useEffect, useState } from 'react';
import { api } from '../api.js';
import { pollInterval } from './workspace.js';

// A user's workspace status, polled (quickly while it starts or stops), and start/stop: the Workbench
// and the home page show the same workspace.
export default function useWorkspace(user) {
  const [status, setStatus] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const path = `/api/workspaces/${user}`;

  const load = useCallback(() => api(path).then((s) => { setStatus(s); setError(null); }).catch(setError), [path]);
  useEffect(() => { load(); }, [load]);
  useEffect(() => {
    if (!status) return undefined;
    const timer = setTimeout(load, pollInterval(status.state));
    return () => clearTimeout(timer);
  }, [status, load]);

  const act = (action) => {
    setBusy(true);
    api(`${path}/${action}`, { method: 'POST' })
      .then((s) => { setStatus(s); setError(null); })
      .catch(setError)
      .finally(() => setBusy(false));
  };
  return { status, error, busy, act };
}
