// Production build of the web UI: src/web → dist/web, served by the API server (app.ts registerWebUi).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import optimizeLocales from '@react-aria/optimize-locales-plugin';

const OUT_DIR = fileURLToPath(new URL('./dist/web', import.meta.url));

/**
 * Writes `.br` and `.gz` next to every text asset so a static server that serves precompressed files
 * (@fastify/static `preCompressed: true`) sends ~30 % of the bytes without compressing per request.
 */
function precompress(): Plugin {
  return {
    name: 'timetracker-precompress',
    apply: 'build',
    writeBundle() {
      const walk = (dir: string): string[] =>
        fs
          .readdirSync(dir, { withFileTypes: true })
          .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
      for (const file of walk(OUT_DIR)) {
        if (!/\.(js|css|html|svg|json)$/.test(file)) continue;
        const data = fs.readFileSync(file);
        if (data.length < 1024) continue;
        fs.writeFileSync(`${file}.gz`, zlib.gzipSync(data, { level: 9 }));
        fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9 } }));
      }
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('./src/web', import.meta.url)),
  base: '/',
  // react-aria ships its screen-reader strings in 34 languages; keep the four the UI speaks (about 40 kB gzipped less).
  plugins: [react(), { ...optimizeLocales.vite({ locales: ['en-US', 'de-DE', 'fr-FR', 'es-ES'] }), enforce: 'pre' }, precompress()],
  build: {
    outDir: OUT_DIR,
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
