import { defineConfig } from 'vite'

// The front end: one entry bundled with hashed names; the site build reads the manifest to
// link it from every page. `base` is set by the build from `--base`.
export default defineConfig({
  appType: 'mpa',
  build: {
    manifest: 'manifest.json',
    target: 'es2022',
    // Fonts (KaTeX's) as files, never `data:` URLs: the documented CSP allows `font-src 'self'` only.
    assetsInlineLimit: 0,
    rollupOptions: { input: 'src/client/main.ts' },
  },
})
