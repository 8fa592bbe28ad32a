import { describe, expect, it } from 'vitest';
import { run, after, afterFunc, context, sleep, now, Semaphore, Timer, WaitGroup, UsageError } from '@interleave/core';

/** Runs `body` as main and returns the message of its one finding, or 'ok'. */
async function outcome(body: () => unknown): Promise<string> {
  const r = await run(async () => { await body(); });
  return r.ok ? 'ok' : r.findings.map((f) => f.message).join('; ');
}

const usage = (msg: string): string => `panic: UsageError: interleave: ${msg} (goroutine 1)`;

describe('invalid arguments are rejected at the call', () => {
  const cases: [string, () => unknown, () => unknown, string][] = [
    ['sleep(NaN)', () => sleep(NaN), () => sleep(1), 'sleep(ms): ms must be a number of milliseconds, got NaN'],
    ['sleep("5")', () => sleep('5' as unknown as number), () => sleep(5), 'sleep(ms): ms must be a number of milliseconds, got "5"'],
    ['after(NaN)', () => after(NaN).recv(), () => after(1).recv(), 'after(ms): ms must be a number of milliseconds, got NaN'],
    ['afterFunc(NaN)', () => afterFunc(NaN, () => {}), () => afterFunc(1, () => {}).stop(), 'afterFunc(ms, fn): ms must be a number of milliseconds, got NaN'],
    ['new Timer(NaN)', () => new Timer(NaN), () => new Timer(1).stop(), 'new Timer(ms): ms must be a number of milliseconds, got NaN'],
    ['Timer.reset(NaN)', () => new Timer(5).reset(NaN), () => { const t = new Timer(5); t.reset(1); t.stop(); }, 'Timer.reset(ms): ms must be a number of milliseconds, got NaN'],
    ['withTimeout(NaN)', () => context.withTimeout(context.background(), NaN), () => context.withTimeout(context.background(), 1)[1](), 'context.withTimeout(parent, ms): ms must be a number of milliseconds, got NaN'],
    ['withDeadline(NaN)', () => context.withDeadline(context.background(), NaN), () => context.withDeadline(context.background(), 1)[1](), 'context.withDeadline(parent, atMs): atMs must be a number of milliseconds, got NaN'],
    ['wg.add(1.5)', () => new WaitGroup().add(1.5), () => { const wg = new WaitGroup(); wg.add(1); wg.done(); }, 'WaitGroup.add(n): n must be an integer, got 1.5'],
    ['new Semaphore(-1)', () => new Semaphore(-1), () => new Semaphore(0), 'new Semaphore(size): size must be a non-negative integer, got -1'],
    ['new Semaphore(1.5)', () => new Semaphore(1.5), () => new Semaphore(1), 'new Semaphore(size): size must be a non-negative integer, got 1.5'],
    ['acquire(-1)', () => new Semaphore(1).acquire(-1), () => new Semaphore(1).acquire(0), 'Semaphore.acquire(k): k must be a non-negative integer, got -1'],
    ['tryAcquire(0.5)', () => new Semaphore(1).tryAcquire(0.5), () => new Semaphore(1).tryAcquire(1), 'Semaphore.tryAcquire(k): k must be a non-negative integer, got 0.5'],
    ['release(-1)', () => new Semaphore(1).release(-1), () => new Semaphore(1).release(0), 'Semaphore.release(k): k must be a non-negative integer, got -1'],
  ];
  for (const [what, bad, good, message] of cases) {
    it(`${what}: a UsageError naming the argument; a valid value: no finding`, async () => {
      expect(await outcome(bad)).toBe(usage(message));
      expect(await outcome(good)).toBe('ok');
    });
  }

  it('outside a run (production mode) the same check throws at the call', () => {
    expect(() => sleep(NaN)).toThrow(UsageError);
    expect(() => new Semaphore(-1)).toThrow('interleave: new Semaphore(size): size must be a non-negative integer, got -1');
  });

  it("sleep(Infinity) is Go's largest duration (2^63 - 1 ns, about 292 years); a finite sleep is itself", async () => {
    let woke = 0;
    expect((await run(async () => { await sleep(Infinity); woke = now(); })).ok).toBe(true);
    expect(woke).toBe(9_223_372_036_854.775);
    expect((await run(async () => { await sleep(2 ** 40); woke = now(); })).ok).toBe(true);
    expect(woke).toBe(2 ** 40);
  });

  it('run options: a NaN window, a negative step limit and a token that is no string are rejected; valid ones run', async () => {
    const p = async (): Promise<void> => {};
    await expect(run(p, { maxSteps: -1 })).rejects.toThrow('interleave: run(program, options): options.maxSteps must be a positive integer, got -1');
    await expect(run(p, { maxSteps: 1.5 })).rejects.toThrow(UsageError);
    await expect(run(p, { timerWindowMs: NaN })).rejects.toThrow('options.timerWindowMs must be a number of milliseconds, got NaN');
    await expect(run(p, { replay: 42 as unknown as string })).rejects.toThrow('interleave: run(program, options): options.replay must be a replay token (a string "il1.…"), got 42');
    expect((await run(p, { maxSteps: 1, timerWindowMs: 0 })).ok).toBe(true);
    expect((await run(p, { maxSteps: Infinity })).ok).toBe(true);
  });
});
