/**
 * Property tests: a withdrawal that checks the balance, yields, then writes
 * pays twice when two goroutines interleave; a locked one never does.
 */
import { gosched, Mutex, WaitGroup } from '@interleave/core';
import * as fc from 'fast-check';
import { test } from '@interleave/vitest';

const balances = fc.integer({ min: 100, max: 10_000 });
const amounts = fc.integer({ min: 1, max: 10_000 });

test.prop([balances, amounts])('two withdrawals never pay more than the balance', async (balance, amount) => {
  const account = { balance };
  let paid = 0;
  const wg = new WaitGroup();
  for (let i = 0; i < 2; i++) {
    wg.go(async () => {
      const b = account.balance;
      if (b < amount) return;
      await gosched();
      account.balance = b - amount;
      paid += amount;
    });
  }
  await wg.wait();
  if (paid > balance) throw new Error(`paid ${paid} out of ${balance}`);
});

test.prop([balances, amounts], { numRuns: 50 })('with the lock, never', async (balance, amount) => {
  const account = { balance };
  const mu = new Mutex();
  let paid = 0;
  const wg = new WaitGroup();
  for (let i = 0; i < 2; i++) {
    wg.go(async () => {
      await mu.lock();
      const b = account.balance;
      if (b >= amount) {
        await gosched();
        account.balance = b - amount;
        paid += amount;
      }
      mu.unlock();
    });
  }
  await wg.wait();
  if (paid > balance) throw new Error(`paid ${paid} out of ${balance}`);
});
