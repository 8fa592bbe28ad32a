// Fixture project for the end-to-end tests: two files, for two shards.
import { defineConfig } from 'vitest/config';
import { interleave } from '@interleave/vitest';

export default defineConfig({
  plugins: [interleave({ schedules: 50 })],
  test: { include: ['*.spec.ts'], testTimeout: 60_000 },
});
