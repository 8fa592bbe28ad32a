// Each scenario explored by interleave: the first four fail, the rest pass (scenarios.ts).
import { test } from '@interleave/vitest';
import { scenarios } from './scenarios.ts';

for (const [name, scenario] of Object.entries(scenarios)) test(name, scenario);
