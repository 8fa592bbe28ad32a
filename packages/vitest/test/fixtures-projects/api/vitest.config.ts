// Fixture project for the end-to-end tests: vitest's test API on interleave tests.
import { defineConfig } from 'vitest/config';
import { interleave } from '@interleave/vitest';

export default defineConfig({
  plugins: [interleave({ schedules: 20 })],
  test: { include: ['*.spec.ts'], testTimeout: 60_000 },
});
