// Builds the back office into dist/ (copied to BUILD_DIR/web by scripts/build-web.sh), split into
// long-lived vendor chunks so an update of the app code does not refetch React or MUI.
// `npm run dev` proxies /api to a running server: EMPORION_URL=http://127.0.0.1:PORT npm run dev
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const vendorChunks: Record<string, string[]> = {
  react: ['react', 'react-dom', 'react-router', 'react-router-dom', 'scheduler'],
  mui: ['@mui/material', '@mui/system', '@mui/utils', '@mui/base', '@emotion', '@popperjs'],
  icons: ['@mui/icons-material'],
  'react-admin': ['react-admin', 'ra-core', 'ra-ui-materialui', 'ra-i18n-polyglot', 'ra-language-english',
    '@tanstack', 'react-hook-form', 'lodash', 'node-polyglot', 'query-string', 'date-fns', 'inflection',
    'react-dropzone', 'react-error-boundary', 'jsonexport', 'clsx', 'dompurify'],
};

export default defineConfig({
  plugins: [react()],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 900,
    rollupOptions: {
      output: {
        manualChunks(id) {
          if (!id.includes('node_modules')) return undefined;
          const m = id.split('node_modules/').pop() ?? '';
          for (const [chunk, prefixes] of Object.entries(vendorChunks)) {
            if (prefixes.some((p) => m === p || m.startsWith(p + '/'))) return chunk;
          }
          return 'vendor';
        },
      },
    },
  },
  server: {
    proxy: { '/api': process.env.EMPORION_URL ?? 'http://127.0.0.1:8080' },
  },
});
