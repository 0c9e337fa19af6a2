/**
 * Builds the browser app (`web/`) into `dist/web`, served by `liqheat serve`. Everything is
 * bundled (no CDN, no web fonts), so the page works with no external network.
 * @module
 */
import { defineConfig, type Plugin } from 'vite'

/** Preloads the chart chunk from the HTML, so it downloads alongside the entry and the data. */
function preloadMainChunk(): Plugin {
  return {
    name: 'liqheat-preload-main-chunk',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const main = Object.values(ctx.bundle ?? {}).find(
          (c) => c.type === 'chunk' && c.name === 'main',
        )
        return main
          ? html.replace(
              '</head>',
              `  <link rel="modulepreload" crossorigin href="/${main.fileName}" />\n  </head>`,
            )
          : html
      },
    },
  }
}

export default defineConfig({
  root: 'web',
  base: '/',
  publicDir: 'public',
  plugins: [preloadMainChunk()],
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
