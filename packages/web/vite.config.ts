import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The console: built to `dist`, which the server serves at `/`; the API lives on the same origin. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    port: 5173,
    // `npx qudao serve` listens on 7070 by default; the dev server forwards API calls to it.
    proxy: { '/api': 'http://localhost:7070' },
  },
});
