// Two transfers lock the same two accounts in opposite orders (AB-BA).
import { Mutex, WaitGroup } from '@interleave/core';
import { test } from '@interleave/vitest';

class Account {
  readonly mu: Mutex;
  balance = 100;
  constructor(readonly name: string) {
    this.mu = new Mutex(name);
  }
}

async function transfer(from: Account, to: Account, amount: number): Promise<void> {
  await from.mu.lock();
  await to.mu.lock();
  from.balance -= amount;
  to.balance += amount;
  to.mu.unlock();
  from.mu.unlock();
}

test('transfers in both directions', async () => {
  const a = new Account('a');
  const b = new Account('b');
  const wg = new WaitGroup();
  wg.go(() => transfer(a, b, 10));
  wg.go(() => transfer(b, a, 20));
  await wg.wait();
});
