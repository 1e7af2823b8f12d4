import { Link as RouterLink, useLocation } from 'react-router-dom';
import { AppBar, Box, Button, Container, Tab, Tabs, Toolbar, Typography } from '@mui/material';
import { signOut } from '../api.js';

export const MENU = [
  { path: '/library', label: 'Library' },
  { path: '/twins', label: 'Digital Twins' },
  { path: '/workbench', label: 'Workbench' },
  { path: '/services', label: 'Services' },
];

export default function Shell({ me, onSignedOut, children }) {
  const location = useLocation();
  const current = MENU.find((item) => location.pathname.startsWith(item.path));

  async function leave() {
    try {
      await signOut();
    } finally {
      onSignedOut();
    }
  }

  return (
    <Box sx={{ minHeight: '100vh', bgcolor: '#f6f8fb' }}>
      <AppBar position="static">
        <Toolbar>
          <Typography variant="h6" component="div" sx={{ mr: 4 }}>
            DTaaS
          </Typography>
          <Tabs component="nav" aria-label="Main menu" value={current ? current.path : false} textColor="inherit"
            slotProps={{ indicator: { style: { backgroundColor: '#fff' } } }} sx={{ flexGrow: 1 }}>
            {MENU.map((item) => (
              <Tab key={item.path} value={item.path} label={item.label} component={RouterLink} to={item.path} />
            ))}
          </Tabs>
          <Typography variant="body2" sx={{ mr: 2 }} data-testid="signed-in-user">
            {me.user}
            {me.admin ? ' (admin)' : ''}
          </Typography>
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
