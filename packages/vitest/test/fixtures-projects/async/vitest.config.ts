// Fixture project for the end-to-end tests of ordinary async code (issue 16): real
// vitest with the interleave plugin. Its test files are *.spec.ts, so the
// repository's own vitest run does not pick them up.
import { defineConfig } from 'vitest/config';
import { interleave } from '@interleave/vitest';

export default defineConfig({
  plugins: [interleave({ schedules: 200 })],
  test: { include: ['*.spec.ts'], testTimeout: 60_000 },
});
