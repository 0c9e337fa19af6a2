/**
 * Builds the browser app (`web/`) into `dist/web`, served by `liqheat serve`. Everything is
 * bundled (no CDN, no web fonts), so the page works with no external network.
 * @module
 */
import { defineConfig } from 'vite'

export default defineConfig({
  root: 'web',
  base: '/',
  publicDir: 'public',
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 400,
    reportCompressedSize: false,
  },
  server: {
    proxy: { '/api': { target: 'http://127.0.0.1:8080', ws: true } },
  },
})
