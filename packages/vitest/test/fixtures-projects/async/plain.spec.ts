// The same scenarios under plain vitest with real timers: every one passes (Node's order hides the bugs).
import { it } from 'vitest';
import { scenarios } from './scenarios.ts';

for (const [name, scenario] of Object.entries(scenarios)) it(name, scenario);
