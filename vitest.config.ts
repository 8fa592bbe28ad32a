import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// The workspace packages resolve to their sources (`@interleave/source` in each
// package.json's exports), so the suite runs what is in src/ without a build. The
// end-to-end tests run the build, as users get it (`pnpm test` builds first).
const conditions = ['@interleave/source', ...defaultServerConditions];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ['*.test.ts', 'packages/*/test/**/*.test.ts', 'fixtures/**/*.test.ts', 'docs/**/*.test.ts', 'examples/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
