// Which highlighting the editor uses for a file: from its name, else (lifecycle programs have no
// extension) from its first line's #! interpreter. Modelica, CSV and other text stay plain.
const BY_EXTENSION = {
  sh: 'shell', bash: 'shell', py: 'python', json: 'json', yml: 'yaml', yaml: 'yaml', md: 'markdown', markdown: 'markdown',
};

export function editorLanguage(name, text = '') {
  const dot = name.lastIndexOf('.');
  if (dot > 0) {
    const byName = BY_EXTENSION[name.slice(dot + 1).toLowerCase()];
    if (byName) return byName;
    if (name.slice(dot + 1).toLowerCase() !== 'txt' && !/^\.?env$/i.test(name.slice(dot))) return 'text';
  }
  const firstLine = text.slice(0, 200).split('\n', 1)[0];
  if (/^#!.*\bpython[0-9.]*\b/.test(firstLine)) return 'python';
  if (/^#!.*\b(ba|da|z|k)?sh\b/.test(firstLine)) return 'shell';
  return 'text';
}
