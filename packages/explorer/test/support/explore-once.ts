/**
 * Prints one exploration's result as JSON (for the cross-process determinism test).
 */
import { explore } from '../../src/index.ts';
import { lostUpdate3 } from './programs-core.ts';

const results = [
  await explore(lostUpdate3, { strategy: 'random', seed: 42, schedules: 200, stopOnFirstFailure: false }),
  await explore(lostUpdate3, { seed: 42, schedules: 200 }),
];
process.stdout.write(`${JSON.stringify(results)}\n`);
