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
    rollupOptions: {
      onwarn(warning, warn) {
        // Harmless noise from dependencies: zod's `@__PURE__` comments Rollup cannot use, and
        // Mantine's "use client" directives (meaningful only to server-component bundlers).
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('/node_modules/zod/')) return;
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && warning.message.includes('use client')) return;
        if (warning.code === 'SOURCEMAP_ERROR' && warning.id?.includes('/node_modules/')) return;
        warn(warning);
      },
    },
  },
});
