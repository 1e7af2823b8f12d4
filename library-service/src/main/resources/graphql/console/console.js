// The library's GraphQL console: sends the query to POST /lib with the signed-in session.
(function () {
  const me = fetch('/auth/me', { credentials: 'same-origin' }).then((r) => (r.ok ? r.json() : { user: 'user1' }))
    .catch(() => ({ user: 'user1' }));
  const query = document.getElementById('query');
  const variables = document.getElementById('variables');
  const answer = document.getElementById('answer');
  const status = document.getElementById('status');

  const examples = {
    list: (user) => ['query listDirectory($path: String!) {\n  listDirectory(path: $path) {\n    repository {\n'
      + '      tree {\n        blobs { edges { node { name type size } } }\n'
      + '        trees { edges { node { name type kind summary } } }\n      }\n    }\n  }\n}', { path: user }],
    read: (user) => ['query readFile($path: String!) {\n  readFile(path: $path) {\n    repository {\n'
      + '      blobs { nodes { name rawBlob rawTextBlob encoding size } }\n    }\n  }\n}',
    { path: user + '/data/welcome.txt' }],
    search: () => ['query searchAssets($query: String!, $kind: String) {\n  searchAssets(query: $query, kind: $kind) {\n'
      + '    name kind path owner summary\n  }\n}', { query: '', kind: null }],
  };

  function show(name) {
    me.then((who) => {
      const [text, vars] = examples[name](who.user);
      query.value = text;
      variables.value = JSON.stringify(vars, null, 2);
    });
  }

  async function run() {
    let vars = {};
    try {
      vars = variables.value.trim() ? JSON.parse(variables.value) : {};
    } catch (e) {
      status.textContent = 'Variables are not valid JSON: ' + e.message;
      status.className = 'error';
      return;
    }
    status.textContent = 'Running…';
    status.className = '';
    const started = performance.now();
    try {
      const response = await fetch('/lib', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'dtaas-web' },
        body: JSON.stringify({ query: query.value, variables: vars }),
      });
      const text = await response.text();
      try {
        answer.textContent = JSON.stringify(JSON.parse(text), null, 2);
      } catch (e) {
        answer.textContent = text;
      }
      const ms = Math.round(performance.now() - started);
      status.textContent = 'HTTP ' + response.status + ' · ' + ms + ' ms'
        + (response.status === 401 ? ' · your session ended: sign in again' : '');
      status.className = response.ok ? '' : 'error';
    } catch (e) {
      status.textContent = 'The library did not answer: ' + e.message;
      status.className = 'error';
    }
  }

  document.querySelectorAll('[data-example]').forEach((b) => b.addEventListener('click', () => show(b.dataset.example)));
  document.getElementById('run').addEventListener('click', run);
  document.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
      e.preventDefault();
      run();
    }
  });
  show('list');
}());
