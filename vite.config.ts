// Production build of the web UI: src/web → dist/web, served by the API server (app.ts registerWebUi).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: fileURLToPath(new URL('./src/web', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // The CSP is script-src 'self': nothing may be inlined into index.html as a script.
    assetsInlineLimit: 0,
    reportCompressedSize: true,
  },
  server: {
    // `npx vite` during development proxies the API to a server started with `npm run dev`.
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
