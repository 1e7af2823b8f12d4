import { api } from '../api.js';
import { libraryHref, parentOf } from '../library/paths.js';

export const getProvenance = (id) => api(`/api/runs/${id}/provenance`);

/** A digest as people compare them: its first 12 hex digits (the whole one is in the title and the JSON). */
export const shortDigest = (sha256) => (sha256 ? sha256.slice(0, 12) : 'not read');

/** Where the library shows a file of a run: its folder, with the file opened. */
export function fileHref(libraryPath, user) {
  const folder = parentOf(libraryPath);
  const name = libraryPath.slice(folder.length + 1);
  return `${libraryHref(folder, user)}?open=${encodeURIComponent(name)}`;
}

/** The library path of one of a run's outputs. */
export const outputPath = (outputs, file) => `${outputs.folder}/${file.path}`;
