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

// What a user's programs together may use (status.limits), in words; null when the status has none.
export function describeLimits(limits) {
  if (!limits) return null;
  const parts = [];
  if (limits.memoryBytes != null) parts.push(`${formatBytes(limits.memoryBytes)} memory`);
  if (limits.processes != null) parts.push(`${limits.processes.toLocaleString('en')} tasks`);
  if (limits.cpuWeight != null) parts.push(`CPU weight ${limits.cpuWeight}`);
  if (parts.length === 0) return { limited: false, text: 'Not limited on this machine' };
  return { limited: true, text: `${parts.join(' · ')} (${limits.mechanism})` };
}

// Where a user's programs are on the network (status.network), in words; null when the status has none.
export function describeNetwork(network) {
  switch (network) {
    case 'namespace':
      return { isolated: true, text: "Own network: your tools and runs reach each other and the platform's services, nothing else of this machine" };
    case 'kubernetes':
      return { isolated: true, text: "Own pod: the installation's network policies apply" };
    case 'host':
      return { isolated: false, text: "Shared network: other users' code can reach your tools' ports on this machine" };
    default:
      return null;
  }
}

// How much the user's library may hold and holds (status.disk), in words; null when the status has none.
export function describeDisk(disk) {
  if (!disk) return null;
  if (disk.mechanism !== 'own file system') {
    return { enforced: false, full: false, text: 'Library disk shared with every user: no size limit is enforced' };
  }
  if (disk.sizeBytes == null) {
    return { enforced: true, full: false, text: 'Library on a disk of its own (made at its first write)' };
  }
  const used = disk.usedBytes ?? 0;
  const full = used >= disk.sizeBytes * 0.9;
  return { enforced: true, full, text: `Library disk: ${formatBytes(used)} of ${formatBytes(disk.sizeBytes)} used` };
}

function formatBytes(bytes) {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}
