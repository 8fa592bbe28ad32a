// A user's project, installed from the packed tarballs into a temporary folder
// outside the repository by e2e/installed.test.ts: the one config line, nothing else.
import { defineConfig } from 'vitest/config';
import { interleave } from '@interleave/vitest';

export default defineConfig({
  plugins: [interleave()],
});
