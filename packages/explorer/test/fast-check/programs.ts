/**
 * Programs built from generated inputs, for the fast-check integration tests.
 *
 * `withdrawTwice` has a check-then-act race: two goroutines each withdraw
 * `amount` from an account holding `balance`; each reads the balance, checks it
 * covers the amount, yields, then writes it back. When both read before either
 * writes, both pay out: the bank pays more than it held only when
 * `amount > balance / 2` (and `amount <= balance`), so the bug needs the right
 * inputs and the right interleaving. `withdrawTwiceLocked` holds a mutex over
 * the check and the write: correct for every input and schedule.
 */
import { Mutex, WaitGroup, chan, gosched, recv, select, shared, type Program } from '@interleave/core';

/** The racy bank: panics with "paid X out of Y" when it overdraws. */
export function withdrawTwice(balance: number, amount: number): Program {
  return async () => {
    const account = shared(balance, 'balance');
    let paid = 0;
    const wg = new WaitGroup();
    for (let i = 0; i < 2; i++) {
      wg.go(async () => {
        const b = account.value;
        if (b < amount) return;
        await gosched();
        account.value = b - amount;
        paid += amount;
      }, `teller${i}`);
    }
    await wg.wait();
    if (paid > balance) throw new Error(`paid ${paid} out of ${balance}`);
  };
}

/** The same bank with the check and the write under one lock. */
export function withdrawTwiceLocked(balance: number, amount: number): Program {
  return async () => {
    const account = shared(balance, 'balance');
    const mu = new Mutex('account');
    let paid = 0;
    const wg = new WaitGroup();
    for (let i = 0; i < 2; i++) {
      wg.go(async () => {
        await mu.lock();
        const b = account.value;
        if (b >= amount) {
          await gosched();
          account.value = b - amount;
          paid += amount;
        }
        mu.unlock();
      }, `teller${i}`);
    }
    await wg.wait();
    if (paid > balance) throw new Error(`paid ${paid} out of ${balance}`);
  };
}

/**
 * A select between two ready channels: taking the second one's value over
 * `limit` is the bug, so it needs a large `second` and the select's second case.
 */
export function pickFromTwo(first: number, second: number, limit: number): Program {
  return async () => {
    const a = chan<number>(1);
    const b = chan<number>(1);
    await a.send(first);
    await b.send(second);
    const got = await select(recv(a, (v) => v ?? 0), recv(b, (v) => v ?? 0));
    if (got > limit) throw new Error(`took ${got} over the limit ${limit}`);
  };
}

/** Three goroutines add `n` to a counter with a read, a yield and a write: all three updates are lost only with two preemptions. */
export function allThreeLost(n: number): Program {
  return async () => {
    const counter = shared(0, 'counter');
    const wg = new WaitGroup();
    for (let i = 0; i < 3; i++) {
      wg.go(async () => {
        const v = counter.value;
        await gosched();
        counter.value = v + n;
      });
    }
    await wg.wait();
    if (n > 0 && counter.value === n) throw new Error(`all three updates lost: ${counter.value}`);
  };
}
