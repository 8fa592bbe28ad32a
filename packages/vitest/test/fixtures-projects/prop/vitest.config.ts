// Fixture project for the end-to-end tests: property tests (test.prop) on interleave programs.
import { defineConfig } from 'vitest/config';
import { interleave } from '@interleave/vitest';

export default defineConfig({
  plugins: [interleave({ schedules: 200 })],
  test: { include: ['*.spec.ts'], testTimeout: 60_000 },
});
