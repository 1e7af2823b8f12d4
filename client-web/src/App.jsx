import { useCallback, useEffect, useState } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { CssBaseline, ThemeProvider, createTheme, Box, CircularProgress } from '@mui/material';
import { whoAmI } from './api.js';
import LoginPage from './pages/LoginPage.jsx';
import Shell from './components/Shell.jsx';
import LibraryPage from './pages/LibraryPage.jsx';
import TwinsPage from './pages/TwinsPage.jsx';
import TwinPage from './twins/TwinPage.jsx';
import RunPage from './twins/RunPage.jsx';
import WorkbenchPage from './pages/WorkbenchPage.jsx';
import ServicesPage from './pages/ServicesPage.jsx';

const theme = createTheme({ palette: { primary: { main: '#1565c0' } } });

export default function App() {
  const [me, setMe] = useState(undefined); // undefined: asking; null: signed out
  const location = useLocation();

  const refresh = useCallback(() => {
    whoAmI().then(setMe).catch(() => setMe(null));
  }, []);
  useEffect(refresh, [refresh]);

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
      <Shell me={me} onSignedOut={() => setMe(null)}>
        <Routes>
          <Route path="/" element={<Navigate to="/library" replace />} />
          <Route path="/login" element={<Navigate to="/library" replace />} />
          <Route path="/library/*" element={<LibraryPage me={me} />} />
          <Route path="/twins" element={<TwinsPage me={me} />} />
          <Route path="/twins/:name" element={<TwinPage me={me} />} />
          <Route path="/twins/:name/runs/:id" element={<RunPage />} />
          <Route path="/workbench" element={<WorkbenchPage me={me} />} />
          <Route path="/services" element={<ServicesPage me={me} />} />
          <Route path="*" element={<Navigate to="/library" replace />} />
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
