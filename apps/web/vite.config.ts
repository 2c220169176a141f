import { defaultClientConditions, defineConfig } from 'vite';

// The SPA is served by `assay serve` from apps/web/dist; in development Vite proxies the API.
export default defineConfig({
  // esbuild's automatic JSX runtime: no React plugin needed.
  esbuild: { jsx: 'automatic' },
  resolve: {
    // Workspace packages export a `source` condition pointing at their TypeScript sources.
    conditions: ['source', ...defaultClientConditions],
  },
  server: {
    proxy: { '/api': 'http://localhost:3000' },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
});
