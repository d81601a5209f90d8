import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import vue from '@vitejs/plugin-vue'
import { xtermDomSelection } from './scripts/xterm-dom-selection'

const shared = resolve(__dirname, 'src/shared')

export default defineConfig({
  main: {
    resolve: { alias: { '@shared': shared } },
    build: {
      rollupOptions: {
        // `serve` is the same backend without Electron: it must never import 'electron'.
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          serve: resolve(__dirname, 'src/main/serve.ts'),
        },
      },
    },
  },
  preload: {
    resolve: { alias: { '@shared': shared } },
    build: {
      rollupOptions: {
        // A sandboxed preload is evaluated by Electron's own loader, which only understands CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    resolve: { alias: { '@shared': shared, '@renderer': resolve(__dirname, 'src/renderer/src') } },
    plugins: [vue(), xtermDomSelection()],
    // Served from node_modules as it is, so that xtermDomSelection applies in development too (a pre-bundled
    // dependency never passes through the build's plugins).
    optimizeDeps: { exclude: ['@xterm/xterm'] },
    // The probes the end-to-end tests read (window.__whalebook…) exist only in a build made for them
    // (`npm run build:e2e`); a production build drops them as dead code.
    define: {
      __WHALEBOOK_TEST_HOOKS__: JSON.stringify(process.env.WHALEBOOK_TEST_HOOKS === '1'),
      // What the page never uses, left out of its first JS: the Options API (every component is <script setup>),
      // vue-i18n's legacy API and global components, and both libraries' production devtools hooks.
      __VUE_OPTIONS_API__: 'false',
      __VUE_PROD_DEVTOOLS__: 'false',
      __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
      __VUE_I18N_LEGACY_API__: 'false',
      __VUE_I18N_FULL_INSTALL__: 'false',
      __INTLIFY_PROD_DEVTOOLS__: 'false',
    },
    build: {
      // The page parses every byte of its first JS before it can show anything: minified, it is about half the size
      // (electron-vite leaves the renderer unminified by default).
      minify: true,
    },
  },
})
