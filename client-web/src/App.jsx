import { useCallback, useEffect, useMemo, useState } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { CssBaseline, ThemeProvider, createTheme, Box, CircularProgress } from '@mui/material';
import { SIGNED_OUT, whoAmI } from './api.js';
import LoginPage, { safeNext } from './pages/LoginPage.jsx';
import Shell from './components/Shell.jsx';
import HomePage from './pages/HomePage.jsx';
import LibraryPage from './pages/LibraryPage.jsx';
import TwinsPage from './pages/TwinsPage.jsx';
import TwinPage from './twins/TwinPage.jsx';
import RunPage from './twins/RunPage.jsx';
import WorkbenchPage from './pages/WorkbenchPage.jsx';
import ServicesPage from './pages/ServicesPage.jsx';
import AdminPage from './pages/AdminPage.jsx';

// Light or dark: the person's choice, else the system's.
function initialMode() {
  const saved = typeof localStorage !== 'undefined' && localStorage.getItem('dtaas-theme');
  if (saved === 'light' || saved === 'dark') return saved;
  return typeof window !== 'undefined' && window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches
    ? 'dark' : 'light';
}

export default function App() {
  const [me, setMe] = useState(undefined); // undefined: asking; null: signed out
  const [mode, setMode] = useState(initialMode);
  const theme = useMemo(() => createTheme({
    palette: mode === 'dark'
      ? { mode, primary: { main: '#90caf9' }, background: { default: '#10141a', paper: '#181d25' } }
      : { mode, primary: { main: '#1565c0' }, background: { default: '#f6f8fb' } },
  }), [mode]);
  const toggleMode = () => {
    const next = mode === 'dark' ? 'light' : 'dark';
    localStorage.setItem('dtaas-theme', next);
    setMode(next);
  };
  const location = useLocation();

  const refresh = useCallback(() => {
    whoAmI().then(setMe).catch(() => setMe(null));
  }, []);
  useEffect(refresh, [refresh]);
  useEffect(() => {
    const ended = () => setMe(null);
    window.addEventListener(SIGNED_OUT, ended);
    return () => window.removeEventListener(SIGNED_OUT, ended);
  }, []);

  let content;
  if (me === undefined) {
    content = (
      <Box sx={{ display: 'flex', justifyContent: 'center', mt: 12 }}>
        <CircularProgress aria-label="Loading" />
      </Box>
    );
  } else if (me === null) {
    content = (
      <Routes>
        <Route path="/login" element={<LoginPage onSignedIn={setMe} />} />
        <Route path="*" element={<Navigate to={`/login?next=${encodeURIComponent(location.pathname)}`} replace />} />
      </Routes>
    );
  } else {
    content = (
      <Shell me={me} onSignedOut={() => setMe(null)} mode={mode} onToggleMode={toggleMode}>
        <Routes>
          <Route path="/" element={<HomePage me={me} />} />
          <Route path="/login" element={<Navigate to={safeNext(new URLSearchParams(location.search).get('next'))} replace />} />
          <Route path="/library/*" element={<LibraryPage me={me} />} />
          <Route path="/twins" element={<TwinsPage me={me} />} />
          <Route path="/twins/:name" element={<TwinPage me={me} />} />
          <Route path="/twins/:name/runs/:id" element={<RunPage me={me} />} />
          <Route path="/workbench" element={<WorkbenchPage me={me} />} />
          <Route path="/services" element={<ServicesPage me={me} />} />
          <Route path="/admin" element={<AdminPage me={me} />} />
          <Route path="*" element={<Navigate to="/" replace />} />
        </Routes>
      </Shell>
    );
  }
  return (
    <ThemeProvider theme={theme}>
      <CssBaseline />
      {content}
    </ThemeProvider>
  );
}
