import { api } from '../api.js';

export const PHASES = ['create', 'execute', 'analyze', 'evolve', 'save', 'terminate', 'clean'];

const twinPath = (owner, twin) => `/api/twins/${encodeURIComponent(owner)}/${encodeURIComponent(twin)}/runs`;

export const startRun = (owner, twin, phase) => api(twinPath(owner, twin), { method: 'POST', body: { phase } });
export const runHistory = (owner, twin) => api(twinPath(owner, twin));
export const getRun = (id) => api(`/api/runs/${id}`);
export const cancelRun = (id) => api(`/api/runs/${id}/cancel`, { method: 'POST' });

// Follows a run's log: onText(chunk) for output, onEnd(run) once it has ended. Returns a stop function.
export function followLog(id, { onText, onEnd, onError }) {
  const source = new EventSource(`/api/runs/${id}/log`);
  let ended = false;
  source.onmessage = (message) => {
    const event = JSON.parse(message.data);
    if (event.text !== undefined) onText(event.text);
    if (event.end) {
      ended = true;
      source.close();
      onEnd(event.end);
    }
  };
  source.onerror = () => {
    if (!ended) {
      source.close();
      onError(new Error('The live log was interrupted; reload to see the rest.'));
    }
  };
  return () => source.close();
}

export function formatDuration(ms) {
  if (ms == null) return '';
  if (ms < 1000) return `${ms} ms`;
  const s = Math.round(ms / 100) / 10;
  if (s < 60) return `${s} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

export const STATUS_COLOUR = {
  queued: 'default', running: 'info', succeeded: 'success', failed: 'error', cancelled: 'warning',
};

/** The runs the signed-in user started, newest first (GET /api/runs). */
export const myRuns = () => api('/api/runs');

/** The newest run of each twin ("owner/twin" → run) among runs listed newest first. */
export function lastRunByTwin(runs) {
  const last = {};
  for (const run of runs) {
    const key = `${run.owner}/${run.twin}`;
    if (!(key in last)) last[key] = run;
  }
  return last;
}

/** "3 min ago", "yesterday": how long ago an ISO time was, for lists. */
export function timeAgo(iso, now = Date.now()) {
  if (!iso) return '';
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  return days === 1 ? 'yesterday' : `${days} days ago`;
}
