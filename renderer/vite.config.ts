import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer is served from http://127.0.0.1 (browser mode) and from pyforge://app (Electron): relative
// asset URLs work for both. Monaco's worker is bundled as a local file, so the editor works offline.
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    chunkSizeWarningLimit: 6000,
    sourcemap: false,
  },
  worker: { format: 'es' },
});
