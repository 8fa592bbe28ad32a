import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'fixtures/**/*.test.ts', 'docs/**/*.test.ts', 'examples/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
