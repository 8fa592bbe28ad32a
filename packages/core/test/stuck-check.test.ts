/**
 * Stuck checks (RunControl.checkStuck): a goroutine parked on something nothing
 * that can still run reaches is reported while the rest of the program runs; one
 * whose channel a running goroutine still holds is not. Each behaviour in a pair.
 */
import { describe, expect, it } from 'vitest';
import { chan, go, gosched, run, sleep, type Monitor, type RunControl, type Scheduler } from '../src/index.ts';

/** A monitor that asks for a stuck check whenever a goroutine parks on a channel. */
function checkOnChannelWaits(): Monitor {
  let control: RunControl | undefined;
  return {
    runStart: (_info, c) => {
      control = c;
    },
    block: (e) => {
      if (e.reason === 'chan receive' || e.reason === 'chan send') control?.checkStuck();
    },
  };
}

/** Go's leakyFunction: the channel lives only in the function and its goroutine. */
function leakyFunction(): void {
  const ch = chan<number>();
  go(async () => {
    await ch.recv();
  }, 'receiver');
}

describe('stuck checks', () => {
  it('reports a goroutine nothing can wake while main still runs', async () => {
    let mainFinished = 0;
    const r = await run(
      async () => {
        leakyFunction();
        for (let i = 0; i < 3; i++) await gosched();
        await sleep(10);
        mainFinished++;
      },
      { seed: 1, monitors: [checkOnChannelWaits] },
    );
    expect(r.ok).toBe(false);
    expect(r.findings.map((f) => f.kind)).toEqual(['deadlock']);
    expect(r.findings[0]?.message).toBe('partial deadlock: 1 goroutine is asleep forever: goroutine 2 "receiver" [chan receive]');
    expect(r.findings[0]?.goroutines).toEqual([2]);
    expect(r.findings[0]?.text).toContain('fatal error: some goroutines are asleep - deadlock! (partial: goroutine 1 can still run)');
    expect(r.findings[0]?.text).toMatch(/goroutine 2 "receiver" \[chan receive\]:\n {4}packages\/core\/test\/stuck-check\.test\.ts:\d+:\d+/);
    expect(mainFinished).toBe(0); // neither the run nor its located re-run got that far
  });

  it('reports it also under a scheduler that reads the runnable goroutines (the decision keeps none of them)', async () => {
    const readsRunnable: Scheduler = {
      choose: (d) => (d.kind === 'goroutine' ? d.runnable.length - 1 : 0),
    };
    const r = await run(
      async () => {
        leakyFunction();
        for (let i = 0; i < 3; i++) await gosched();
        await sleep(10);
      },
      { scheduler: readsRunnable, monitors: [checkOnChannelWaits] },
    );
    expect(r.findings.map((f) => f.message)).toEqual(['partial deadlock: 1 goroutine is asleep forever: goroutine 2 "receiver" [chan receive]']);
  });

  it('does not report a goroutine whose channel main still holds, and main can still send on it', async () => {
    const r = await run(
      async () => {
        const ch = chan<number>();
        go(async () => {
          await ch.recv();
        });
        for (let i = 0; i < 3; i++) await gosched();
        await ch.send(1);
      },
      { seed: 1, monitors: [checkOnChannelWaits] },
    );
    expect(r.findings).toEqual([]);
  });

  it('makes the same checks in the located re-run of a monitor given as an instance', async () => {
    const r = await run(
      async () => {
        leakyFunction();
        await sleep(1); // the receiver parks while main sleeps: the check runs with main alive
        await gosched();
      },
      { seed: 3, monitors: [checkOnChannelWaits()] },
    );
    expect(r.findings.map((f) => f.message)).toEqual(['partial deadlock: 1 goroutine is asleep forever: goroutine 2 "receiver" [chan receive]']);
  });

  it('gives the same result, byte for byte, run after run', async () => {
    const program = async (): Promise<void> => {
      leakyFunction();
      leakyFunction();
      await sleep(5);
    };
    const texts = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const r = await run(program, { seed: 9, monitors: [checkOnChannelWaits] });
      texts.add(JSON.stringify(r.findings) + r.steps + r.schedule);
    }
    expect([...texts]).toHaveLength(1);
  });
});
