import { api } from '../api.js';

// The server's rule for a new twin's name (library-service TwinName): it becomes a folder, a URL
// segment and $DTAAS_TWIN in the lifecycle programs.
const NAME_RULE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/** Why a name cannot be a new twin's, or '' when it can. */
export function twinNameProblem(name, taken = []) {
  if (!name) return 'Name the twin, e.g. my-thermostat';
  if (name.length > 63) return 'At most 63 characters';
  if (!NAME_RULE.test(name)) return "Letters, digits, '-', '_' and '.', starting with a letter or digit";
  if (taken.includes(name)) return 'You have a twin of that name';
  return '';
}

export const twinTemplates = () => api('/api/library/templates');
export const createTwin = (owner, name, template) =>
  api(`/api/twins/${encodeURIComponent(owner)}`, { method: 'POST', body: { name, template } });
