/** `test.only`: the other tests of the file are skipped. */
import { test } from '@interleave/vitest';

test.only('the only one', async () => {});
test('skipped by only', () => { throw new Error('never runs'); });
