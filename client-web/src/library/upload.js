import { encodePath, joinPath } from './paths.js';

// Uploads one file with PUT /api/library/raw/<path> (streamed, atomic on the server), reporting
// progress; abort() cancels it and the server keeps nothing of it.
export function uploadFile(directory, relativePath, file, onProgress) {
  const xhr = new XMLHttpRequest();
  const promise = new Promise((resolve, reject) => {
    xhr.open('PUT', `/api/library/raw/${encodePath(joinPath(directory, relativePath))}`);
    xhr.setRequestHeader('X-Requested-With', 'dtaas-web');
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded, event.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(file.size, file.size);
        resolve();
      } else {
        let message = `${xhr.status} ${xhr.statusText}`;
        try {
          message = JSON.parse(xhr.responseText).message || message;
        } catch {
          // not JSON
        }
        reject(new Error(message));
      }
    };
    xhr.onerror = () => reject(new Error('The connection failed. Check your network and try again.'));
    xhr.onabort = () => reject(new Error('Cancelled'));
    xhr.send(file);
  });
  return { promise, abort: () => xhr.abort() };
}

// The files of a drop, folders walked (webkitGetAsEntry), each with its path relative to the drop.
export async function droppedFiles(dataTransfer) {
  const entries = [...(dataTransfer.items || [])].map((item) => item.webkitGetAsEntry && item.webkitGetAsEntry())
    .filter(Boolean);
  if (entries.length === 0) return [...(dataTransfer.files || [])].map((file) => ({ file, path: file.name }));
  const found = [];
  const walk = async (entry, prefix) => {
    if (entry.isFile) {
      const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
      found.push({ file, path: joinPath(prefix, entry.name) });
    } else if (entry.isDirectory) {
      const reader = entry.createReader();
      for (;;) {
        // readEntries returns the entries in batches until an empty one
        const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
        if (batch.length === 0) break;
        for (const child of batch) await walk(child, joinPath(prefix, entry.name));
      }
    }
  };
  for (const entry of entries) await walk(entry, '');
  return found;
}

// Files chosen with <input type=file> (webkitdirectory gives each its folder path).
export const pickedFiles = (fileList) => [...fileList].map((file) => ({ file, path: file.webkitRelativePath || file.name }));

// The names an upload takes in its folder: each file's first path segment (a folder upload takes one).
const firstSegment = (path) => path.split('/')[0];

/** The listed names an upload would replace (its files or, for a folder, the folder). */
export function conflictsOf(files, entries) {
  const listed = new Set(entries.map((e) => e.name));
  return [...new Set(files.map((f) => firstSegment(f.path)))].filter((name) => listed.has(name));
}

/** "report (1).pdf", "data (2)": the first such name that is not taken. Folders keep their dots. */
export function freeName(name, taken, isFolder = false) {
  const dot = isFolder ? -1 : name.lastIndexOf('.');
  const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let i = 1; ; i += 1) {
    const candidate = `${stem} (${i})${extension}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** The upload with every name it would replace moved to a free one ("keep both"). */
export function keepingBoth(files, entries) {
  const taken = new Set(entries.map((e) => e.name));
  const renamed = {};
  for (const name of conflictsOf(files, entries)) {
    const isFolder = files.some((f) => f.path.startsWith(`${name}/`));
    renamed[name] = freeName(name, taken, isFolder);
    taken.add(renamed[name]);
  }
  return files.map((f) => {
    const [first, ...rest] = f.path.split('/');
    return renamed[first] ? { ...f, path: [renamed[first], ...rest].join('/') } : f;
  });
}
