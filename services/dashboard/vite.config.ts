/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';

// Served by storefleet-api at "/" (assets under /assets, so the API's SPA fallback works from any path); the app
// calls "/api/..." on its own origin.
// `npm run dev` proxies /api to a local API (STOREFLEET_API, default the API's default port 3001).
export default defineConfig({
  plugins: [react(), tailwindcss()],
  base: '/',
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    proxy: { '/api': { target: process.env.STOREFLEET_API ?? 'http://127.0.0.1:3001', changeOrigin: false } },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
