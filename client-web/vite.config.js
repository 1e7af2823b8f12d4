import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The build lands where a jar serves static files from (META-INF/resources), so the gateway
// serves the app straight from the client-web jar on its classpath.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'target/classes/META-INF/resources',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1024,
  },
  server: {
    // `npm run dev` against a running platform: API calls go to the gateway
    proxy: { '/auth': 'http://localhost:8080', '/api': 'http://localhost:8080', '/lib': 'http://localhost:8080' },
  },
  test: {
    environment: 'jsdom',
    globals: true,
  },
});
