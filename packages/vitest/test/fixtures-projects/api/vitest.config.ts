// Fixture project for the end-to-end tests: vitest's test API on interleave tests.
import { defineConfig } from 'vitest/config';
import { interleave } from '@interleave/vitest';

export default defineConfig({
  plugins: [interleave({ schedules: 20 })],
  // only.spec.ts checks `.only`: vitest refuses it under CI unless allowed.
  test: { include: ['*.spec.ts'], testTimeout: 60_000, allowOnly: true },
});
