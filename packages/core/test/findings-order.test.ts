/**
 * `RunResult.findings` lists a run's findings in the order they happened, each
 * with the step at which it did: a race found early comes before the leak found
 * at the end, whoever reported it.
 */
import { describe, expect, it } from 'vitest';
import { run, go, chan, shared, sleep, type Finding, type Monitor } from '@interleave/core';
import { raceDetector } from '@interleave/race-detector';

/** A race in the first steps, then main returns with a goroutine blocked forever. */
const raceThenLeak = async (): Promise<void> => {
  const n = shared(0, 'n');
  go(() => {
    n.value++;
  });
  n.value++;
  await sleep(1);
  go(async () => {
    await chan<number>().recv();
  }, 'stuck');
  await sleep(1);
};

describe('findings in order', () => {
  it('a race that happened first comes before the leak found at the end (must report both, race first)', async () => {
    const r = await run(raceThenLeak, { seed: 1, monitors: [() => raceDetector()] });
    // Several races (the increment's read and write), every one before the leak.
    expect([...new Set(r.findings.map((f) => f.kind))]).toEqual(['race', 'leak']);
    const leak = r.findings[r.findings.length - 1] as Finding;
    expect(leak.step).toBe(r.steps);
    for (const race of r.findings.slice(0, -1)) expect(race.step).toBeLessThan(leak.step!);
  });

  it('without the race, the leak alone, stamped with the run\'s last step (must not report a race)', async () => {
    const r = await run(async () => {
      go(async () => {
        await chan<number>().recv();
      }, 'stuck');
      await sleep(1);
    }, { seed: 1, monitors: [() => raceDetector()] });
    expect(r.findings.map((f) => [f.kind, f.step])).toEqual([['leak', r.steps]]);
  });

  it('sorts monitors\' findings by step; one without a step counts as made at the end', async () => {
    const monitor = (): Monitor => ({
      runEnd: () => [
        { kind: 'lock-order', message: 'late, no step', text: '', goroutines: [] },
        { kind: 'race', message: 'at step 1', text: '', goroutines: [], step: 1 },
      ],
    });
    const r = await run(async () => {
      await chan<number>().send(1);
    }, { seed: 0, monitors: [monitor] });
    expect(r.findings.map((f) => f.message)).toEqual(['at step 1', 'all goroutines are asleep - deadlock!', 'late, no step']);
  });
});
