// The example project's own vitest set-up: the interleave plugin, and both the
// passing suite (pool.test.ts) and the deliberately broken variant (broken.spec.ts).
import { defineConfig } from 'vitest/config';
import { interleave } from '@interleave/vitest';

export default defineConfig({
  plugins: [interleave({ schedules: 200 })],
  test: { include: ['*.test.ts', '*.spec.ts'], testTimeout: 60_000 },
});
