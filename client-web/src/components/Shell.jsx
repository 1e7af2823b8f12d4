import LightMode from '@mui/icons-material/LightMode';
import DarkMode from '@mui/icons-material/DarkMode';
import { Link as RouterLink, useLocation } from 'react-router-dom';
import { AppBar, Box, Button, Container, Tab, Tabs, Toolbar, Typography } from '@mui/material';
import { signOut } from '../api.js';

export const MENU = [
  { path: '/', label: 'Home' },
  { path: '/library', label: 'Library' },
  { path: '/twins', label: 'Digital Twins' },
  { path: '/workbench', label: 'Workbench' },
  { path: '/services', label: 'Services' },
];

const ADMIN = { path: '/admin', label: 'Admin' };

export default function Shell({ me, onSignedOut, mode, onToggleMode, children }) {
  const location = useLocation();
  const menu = me.admin ? [...MENU, ADMIN] : MENU;
  const current = menu.find((item) => (item.path === '/' ? location.pathname === '/' : location.pathname.startsWith(item.path)));

  async function leave() {
    let next = null;
    try {
      // a provider session ends at the provider too: the gateway names the page that does it
      next = (await signOut())?.next;
    } finally {
      if (next) window.location.assign(next);
      else onSignedOut();
    }
  }

  return (
    <Box sx={{ minHeight: '100vh', bgcolor: 'background.default' }}>
      <AppBar position="static">
        <Toolbar sx={{ flexWrap: { xs: 'wrap', md: 'nowrap' } }}>
          <Typography variant="h6" component="div" sx={{ mr: 4 }}>
            DTaaS
          </Typography>
          <Tabs component="nav" aria-label="Main menu" value={current ? current.path : false} textColor="inherit"
            variant="scrollable" allowScrollButtonsMobile
            slotProps={{ indicator: { style: { backgroundColor: '#fff' } } }} sx={{ flexGrow: 1, minWidth: 0 }}>
            {menu.map((item) => (
              <Tab key={item.path} value={item.path} label={item.label} component={RouterLink} to={item.path} />
            ))}
          </Tabs>
          <Typography variant="body2" sx={{ mr: 2 }} data-testid="signed-in-user">
            {me.user}
            {me.admin ? ' (admin)' : ''}
          </Typography>
          <Button color="inherit" size="small" sx={{ mr: 1 }} onClick={onToggleMode}
            aria-label={mode === 'dark' ? 'Use the light theme' : 'Use the dark theme'}>
            {mode === 'dark' ? <LightMode fontSize="small" /> : <DarkMode fontSize="small" />}
          </Button>
          <Button color="inherit" variant="outlined" size="small" onClick={leave}>
            Sign out
          </Button>
        </Toolbar>
      </AppBar>
      <Container maxWidth="lg" sx={{ py: 3 }}>
        {children}
      </Container>
    </Box>
  );
}
