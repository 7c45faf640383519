// Builds the back office into dist/ (copied to BUILD_DIR/web by scripts/build-web.sh), split into
// long-lived vendor chunks so an update of the app code does not refetch React or MUI.
// `npm run dev` proxies /api to a running server: EMPORION_URL=http://127.0.0.1:PORT npm run dev
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// React has no dependencies of its own, so it can sit in its own chunk; everything else from
// node_modules shares one vendor chunk (finer splits create import cycles between chunks, which
// break module initialization order).
const reactPackages = ['react', 'react-dom', 'scheduler'];

export default defineConfig({
  plugins: [react()],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        manualChunks(id) {
          if (!id.includes('node_modules')) return undefined;
          const m = id.split('node_modules/').pop() ?? '';
          if (reactPackages.some((p) => m.startsWith(p + '/'))) return 'react';
          return 'vendor';
        },
      },
    },
  },
  server: {
    proxy: { '/api': process.env.EMPORION_URL ?? 'http://127.0.0.1:8080' },
  },
});
