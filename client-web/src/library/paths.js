// Library paths as the REST API takes them ("alice/data/x.csv", "common/models/m.fmu") and what
// the page shows for them.

export const encodePath = (path) => path.split('/').map(encodeURIComponent).join('/');

export const joinPath = (...parts) => parts.filter((p) => p !== '' && p != null).join('/');

export function parentOf(path) {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

export function formatSize(bytes) {
  if (bytes == null || bytes < 0) return ''; // the GitLab store does not know sizes in listings
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

// The tabs: one per asset kind (the seed's), plus common/. Help texts say what belongs there.
export const KINDS = [
  { id: 'functions', label: 'Functions',
    help: 'Code that prepares and post-processes the data of twins: cleaning sensor inputs, computing outputs and'
      + ' control signals, calibrating models from measurements.' },
  { id: 'models', label: 'Models',
    help: 'Descriptions of a physical twin and its environment at some level of abstraction — structural,'
      + ' behavioural or functional — such as FMUs, Modelica or simulation inputs. One twin may have several.' },
  { id: 'tools', label: 'Tools',
    help: 'Programs that create, evaluate and analyse models (simulators, co-simulation orchestrators such as'
      + ' INTO-CPS Maestro). Tools are tied to a platform; most models need one to be evaluated.' },
  { id: 'data', label: 'Data',
    help: 'Data sets: measurements from physical twins, inputs for models, outputs of runs (your twins write'
      + ' their results under data/<twin>/).' },
  { id: 'digital twins', label: 'Digital Twins',
    help: 'Ready-to-run digital twins: a folder with a README and lifecycle programs (create, execute, analyze,'
      + ' evolve, save, terminate, clean). Run them from the Digital Twins page.' },
  { id: 'common', label: 'Common',
    help: 'Assets shared with every user of the platform. Everyone may read and copy them; only admins change them.' },
];

// "/library/<rest>" in the address bar <-> a library path. "common/..." is common/; anything else is
// in the signed-in user's own library.
export function libraryPathOf(route, user) {
  const rest = (route || '').replace(/^\/+|\/+$/g, '');
  if (rest === '') return user; // the library's root: its kinds' folders
  if (rest === 'common' || rest.startsWith('common/')) return rest;
  return joinPath(user, rest);
}

export function routeOf(path, user) {
  if (path === user || path.startsWith(`${user}/`)) return `/library/${path.slice(user.length + 1)}`;
  return `/library/${path}`;
}

// The same, encoded for a link or navigate().
export const libraryHref = (path, user) => routeOf(path, user).split('/').map(encodeURIComponent).join('/');

// What the page can show of a file, from its name.
const TEXT = /\.(txt|md|markdown|json|ya?ml|toml|ini|conf|cfg|csv|tsv|xml|sh|bash|py|java|js|mjs|ts|c|h|cpp|m|mo|r|sql|log|env|properties|gitignore)$/i;
const IMAGE = /\.(png|jpe?g|gif|svg|webp|bmp)$/i;

export function previewKind(name) {
  if (IMAGE.test(name)) return 'image';
  if (/\.(csv|tsv)$/i.test(name)) return 'table';
  if (/\.(md|markdown)$/i.test(name)) return 'markdown';
  if (TEXT.test(name) || !name.includes('.') || /^(readme|makefile|dockerfile|license)/i.test(name)) return 'text';
  return null;
}

export const isEditable = (name) => previewKind(name) === 'text' || previewKind(name) === 'markdown'
  || previewKind(name) === 'table';

// A name typed by a person for a new file or folder: one segment, nothing that could climb out.
export function checkName(name) {
  const trimmed = (name || '').trim();
  if (trimmed === '') return 'Give it a name.';
  if (trimmed === '.' || trimmed === '..' || trimmed.includes('/') || trimmed.includes('\\')) {
    return 'A name cannot be "." or ".." or contain / or \\.';
  }
  return null;
}

// Where "Copy to my library" proposes to put an entry: common/<kind>/x → <user>/<kind>/x (the same
// place in one's own tree); an entry of one's own tree → beside it, as "<name> (copy)".
export function copyTargetOf(path, user) {
  const parts = path.split('/');
  if (parts[0] === 'common' && parts.length > 1) return [user, ...parts.slice(1)].join('/');
  const name = parts.pop();
  const dot = name.lastIndexOf('.');
  const copied = dot > 0 ? `${name.slice(0, dot)} (copy)${name.slice(dot)}` : `${name} (copy)`;
  return [...parts, copied].join('/');
}

// The listing as shown: folders first, then by the chosen column; only names containing the filter.
export function sortedEntries(entries, { by, descending }, filter = '') {
  const needle = filter.trim().toLowerCase();
  const value = (e) => (by === 'size' ? (e.size ?? -1) : by === 'modified' ? (e.modified ? Date.parse(e.modified) : 0) : e.name.toLowerCase());
  return entries.filter((e) => !needle || e.name.toLowerCase().includes(needle)).sort((a, b) => {
    if ((a.type === 'directory') !== (b.type === 'directory')) return a.type === 'directory' ? -1 : 1;
    const [x, y] = [value(a), value(b)];
    const order = x < y ? -1 : x > y ? 1 : a.name.localeCompare(b.name);
    return descending ? -order : order;
  });
}
