import { Tab, Tabs, Typography } from '@mui/material';
import { useLocation, useNavigate } from 'react-router-dom';
import FileManager from '../library/FileManager.jsx';
import { KINDS, libraryHref, libraryPathOf } from '../library/paths.js';
import usePageTitle from '../components/usePageTitle.js';

// The library: one tab per asset kind of the user's own library, and Common. The address bar holds
// the folder (/library/data/..., /library/common/models/...), so every folder can be linked to.
export default function LibraryPage({ me }) {
  const location = useLocation();
  const navigate = useNavigate();
  const route = decodeURIComponent(location.pathname.replace(/^\/library\/?/, ''));
  const path = libraryPathOf(route, me.user);
  usePageTitle(path, 'Library');
  const parts = path.split('/');
  const tab = parts[0] === 'common' ? 'common' : KINDS.find((k) => k.id === parts[1]) ? parts[1] : false;
  const kind = KINDS.find((k) => k.id === tab);
  const writable = parts[0] !== 'common' || me.admin;

  const go = (target) => navigate(libraryHref(target, me.user));

  return (
    <>
      <Typography variant="h5" component="h1" gutterBottom>Library</Typography>
      <Tabs value={tab} onChange={(_, id) => go(id === 'common' ? 'common' : `${me.user}/${id}`)}
        variant="scrollable" allowScrollButtonsMobile aria-label="Asset kinds" sx={{ mb: 1 }}>
        {KINDS.map((k) => <Tab key={k.id} value={k.id} label={k.label} />)}
      </Tabs>
      {kind && <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }} data-testid="kind-help">{kind.help}</Typography>}
      {path === me.user && (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }} data-testid="kind-help">
          Your library: one folder per kind of asset (the tabs above), private to you; inside your workspace it is
          /workspace, with common/ beside it.
        </Typography>
      )}
      <FileManager path={path} user={me.user} writable={writable} onNavigate={go}
        openName={new URLSearchParams(location.search).get('open')}
        openToEdit={new URLSearchParams(location.search).get('edit') === '1'}
        readOnlyHint="common/ is read-only for you: only admins change shared assets. Copy what you need into your own library." />
    </>
  );
}
