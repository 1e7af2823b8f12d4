// What the Workbench shows for a workspace state (GET /api/workspaces/{user}).
export const STATE_COLORS = {
  stopped: 'default', starting: 'info', running: 'success', stopping: 'warning', failed: 'error',
};

export const DESCRIPTIONS = {
  lab: 'Notebooks, consoles and files in one place.',
  notebook: 'The classic notebook interface, with your files.',
  vscode: 'A full editor for your twins and assets.',
  desktop: 'A Linux desktop (xfce) in the browser.',
  terminal: 'A shell in your workspace.',
};

// Busy states are polled quickly so the page follows a start within a second.
export function pollInterval(state) {
  return state === 'starting' || state === 'stopping' ? 1000 : 10000;
}

// Why a tool cannot be opened now, or null when it can.
export function whyClosed(tool, state) {
  if (!tool.available) return tool.reason || 'Not installed on this platform.';
  if (state !== 'running' && state !== 'starting') return 'Start the workspace to use it.';
  if (!tool.ready) return tool.reason || 'Starting…';
  return null;
}
