import { diffLines } from 'diff';
import { api } from '../api.js';
import { encodePath } from '../library/paths.js';

export const listProposals = () => api('/api/library/proposals');
export const proposalChanges = (id) => api(`/api/library/proposals/${id}`);
export const propose = (from, to, note) => api('/api/library/proposals', { method: 'POST', body: { from, to, note } });
export const acceptProposal = (id) => api(`/api/library/proposals/${id}/accept`, { method: 'POST' });
export const declineProposal = (id, reason) => api(`/api/library/proposals/${id}/decline`, { method: 'POST', body: { reason } });

/** Where a proposal of an asset of one's own tree goes in common/ by default: the same place ("alice/x" → "common/x"). */
export function commonPlaceOf(path, user) {
  return path.startsWith(`${user}/`) ? `common/${path.slice(user.length + 1)}` : path;
}

/** The library path of one file of a proposal's side (a proposed file lists itself under its own name). */
export function sidePath(root, relative) {
  const name = root.slice(root.lastIndexOf('/') + 1);
  return relative === name && !relative.includes('/') ? root : `${root}/${relative}`;
}

/** Lines of a text diff as the review shows them: {kind: 'added'|'removed'|'same', text}. */
export function textDiff(before, after) {
  return diffLines(before, after).flatMap((part) => part.value.replace(/\n$/, '').split('\n')
    .map((text) => ({ kind: part.added ? 'added' : part.removed ? 'removed' : 'same', text })));
}

/** A file's text for a review, or null when it is not text (a NUL byte) or too large to show. */
export async function reviewText(path) {
  const response = await fetch(`/api/library/raw/${encodePath(path)}`, { credentials: 'same-origin',
    headers: { 'X-Requested-With': 'dtaas-web' } });
  if (response.status === 404) return '';
  if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
  const text = await response.text();
  return text.length > 512 * 1024 || text.includes('\u0000') ? null : text;
}
