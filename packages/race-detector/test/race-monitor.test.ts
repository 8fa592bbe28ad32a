import { describe, expect, it } from 'vitest';
import type { Finding, SourceLocation } from '../src/core-types.ts';
import { raceDetector, RaceMonitor } from '../src/race-monitor.ts';
import { WAITGROUP_MISUSE } from '../src/report.ts';
import { Sim } from './sim.ts';

function races(build: (s: Sim) => void, locations = true, capture?: () => SourceLocation | undefined): Finding[] {
  const s = new Sim([new RaceMonitor({ captureSite: capture ?? (() => undefined) })], locations);
  build(s);
  return s.end();
}

describe('race reports', () => {
  it("read like Go's WARNING: DATA RACE", () => {
    const [f, ...rest] = races((s) => {
      const counter = s.obj('shared', 'counter');
      s.go(0, 1, 'main', 1);
      s.go(1, 6, undefined, 19);
      s.go(1, 7, 'incr', 20);
      s.read(6, counter, 10);
      s.exit(6);
      s.write(7, counter, 12);
    });
    expect(rest).toEqual([]);
    expect(f?.kind).toBe('race');
    expect(f?.goroutines).toEqual([7, 6]);
    expect(f?.message).toBe(
      'data race on counter: write by goroutine 7 at test/prog.ts:12:3, previous read by goroutine 6 at test/prog.ts:10:3',
    );
    expect(f?.text).toBe(
      [
        '==================',
        'WARNING: DATA RACE',
        'Write at counter by goroutine 7:',
        '  test/prog.ts:12:3',
        '',
        'Previous read at counter by goroutine 6:',
        '  test/prog.ts:10:3',
        '',
        'Goroutine 7 "incr" (running) created at:',
        '  test/prog.ts:20:3',
        '',
        'Goroutine 6 (finished) created at:',
        '  test/prog.ts:19:3',
        '==================',
      ].join('\n'),
    );
  });

  it('say "main goroutine" and print no creation site for main, as Go does', () => {
    const [f] = races((s) => {
      const x = s.obj('shared');
      s.go(1, 2, undefined, 5);
      s.write(2, x, 6);
      s.read(1, x, 7);
    });
    expect(f?.text).toContain('Read at shared#100 by main goroutine:');
    expect(f?.text).toContain('Previous write at shared#100 by goroutine 2:');
    expect(f?.text).not.toContain('Goroutine 1');
  });

  it('report the same pair of locations once per run, whichever comes first', () => {
    const found = races((s) => {
      const x = s.obj('shared', 'x');
      s.go(1, 2);
      s.go(1, 3);
      for (let i = 0; i < 5; i++) {
        s.write(2, x, 10);
        s.write(3, x, 20);
        s.lock(2, s.obj('mutex')); // new epochs, same lines
        s.lock(3, s.obj('mutex'));
      }
    });
    expect(found).toHaveLength(1);
  });

  it('report different pairs of locations separately', () => {
    const found = races((s) => {
      const x = s.obj('shared', 'x');
      s.go(1, 2);
      s.write(2, x, 10);
      s.read(1, x, 20);
      s.write(1, x, 21);
    });
    expect(found.map((f) => f.message)).toEqual([
      'data race on x: read by main goroutine at test/prog.ts:20:3, previous write by goroutine 2 at test/prog.ts:10:3',
      'data race on x: write by main goroutine at test/prog.ts:21:3, previous write by goroutine 2 at test/prog.ts:10:3',
    ]);
  });

  it('report a race in every order of the two accesses (happens-before, not the observed order)', () => {
    for (const first of [2, 3]) {
      const found = races((s) => {
        const x = s.obj('shared', 'x');
        s.go(1, 2);
        s.go(1, 3);
        s.write(first, x);
        s.read(first === 2 ? 3 : 2, x);
      });
      expect(found).toHaveLength(1);
    }
  });

  it('never report atomic accesses', () => {
    const found = races((s) => {
      const a = s.obj('atomic', 'n');
      s.go(1, 2);
      s.access(2, a, true, true);
      s.access(1, a, true, true);
    });
    expect(found).toEqual([]);
  });

  it('report a plain access racing with an atomic operation (either order), as Go does; not a plain read against an atomic read', () => {
    const plainAfter = races((s) => {
      const a = s.obj('atomic', 'n');
      s.go(1, 2);
      s.access(2, a, true, true);
      s.access(1, a, true, false);
    });
    expect(plainAfter.map((f) => f.message)).toEqual([expect.stringMatching(/^data race on n: write by main goroutine .*, previous atomic write by goroutine 2 /)]);
    const atomicAfter = races((s) => {
      const a = s.obj('atomic', 'n');
      s.go(1, 2);
      s.access(1, a, false, false);
      s.access(2, a, true, true);
    });
    expect(atomicAfter.map((f) => f.message)).toEqual([expect.stringMatching(/^data race on n: atomic write by goroutine 2 .*, previous read by main goroutine /)]);
    const twoReads = races((s) => {
      const a = s.obj('atomic', 'n');
      s.go(1, 2);
      s.access(2, a, false, true);
      s.access(1, a, false, false);
    });
    expect(twoReads).toEqual([]);
  });

  it('without locations, locate the current Shared access on demand and key reports cheaply', () => {
    let calls = 0;
    const found = races(
      (s) => {
        const x = s.obj('shared', 'x');
        s.go(1, 2);
        for (let i = 0; i < 100; i++) {
          s.write(2, x);
          s.write(1, x);
          s.lock(1, s.obj('mutex'));
          s.lock(2, s.obj('mutex'));
        }
      },
      false,
      () => {
        calls++;
        return { file: 'prog.ts', line: 42, col: 7, fn: 'worker' };
      },
    );
    expect(found).toHaveLength(2); // 1 after 2, then 2 after 1
    expect(calls).toBe(2);
    expect(found[0]?.text).toContain('  prog.ts:42:7 in worker');
    expect(found[0]?.text).toContain('(location not captured: re-run with locations on)');
  });

  it('cap the reports of one run', () => {
    const s = new Sim([raceDetector({ maxReports: 3, captureSite: () => undefined })]);
    s.go(1, 2);
    for (let i = 0; i < 10; i++) {
      const x = s.obj('shared');
      s.write(2, x);
      s.write(1, x);
    }
    expect(s.end()).toHaveLength(3);
  });

  it('start over at each runStart (one instance, several runs)', () => {
    const m = new RaceMonitor({ captureSite: () => undefined });
    const s1 = new Sim([m]);
    const x = s1.obj('shared', 'x');
    s1.go(1, 2);
    s1.write(2, x);
    s1.write(1, x);
    expect(s1.end()).toHaveLength(1);
    const s2 = new Sim([m]);
    const y = s2.obj('shared', 'y');
    s2.go(1, 2);
    s2.write(1, y);
    expect(s2.end()).toEqual([]);
  });

  it('start main with a fresh clock when the runtime spawns it (parent 0)', () => {
    const found = races((s) => {
      const x = s.obj('shared', 'x');
      s.go(0, 1, 'main');
      s.write(1, x);
      s.go(1, 2);
      s.read(2, x);
    });
    expect(found).toEqual([]);
  });
});

describe('WaitGroup misuse', () => {
  it('reports add from zero inside the spawned goroutine racing with wait', () => {
    const found = races((s) => {
      const wg = s.obj('waitgroup', 'wg');
      s.go(1, 2, undefined, 3);
      s.wgAdd(2, wg, true, 4); // wg.add(1) inside the goroutine
      s.wgWaitStart(1, wg, true, 9); // main's wait blocks: counter 1
      s.wgDone(2, wg);
      s.wgWaitReturn(1, wg);
    });
    expect(found).toHaveLength(1);
    const [f] = found;
    expect(f?.kind).toBe('race');
    expect(f?.message.startsWith(WAITGROUP_MISUSE)).toBe(true);
    expect(f?.text).toContain('WaitGroup.wait at wg by main goroutine:');
    expect(f?.text).toContain('Previous WaitGroup.add at wg by goroutine 2:');
    expect(f?.text).toContain(WAITGROUP_MISUSE);
  });

  it('does not report add before go', () => {
    const found = races((s) => {
      const wg = s.obj('waitgroup', 'wg');
      s.wgAdd(1, wg, true);
      s.go(1, 2);
      s.wgWaitStart(1, wg, true);
      s.wgDone(2, wg);
      s.wgWaitReturn(1, wg);
    });
    expect(found).toEqual([]);
  });

  it('reports a wait that returned early (counter still 0) before the goroutine added', () => {
    const found = races((s) => {
      const wg = s.obj('waitgroup', 'wg');
      s.go(1, 2);
      s.wgWaitStart(1, wg, false);
      s.wgWaitReturn(1, wg);
      s.wgAdd(2, wg, true);
      s.wgDone(2, wg);
    });
    expect(found.map((f) => f.goroutines)).toEqual([[2, 1]]);
    expect(found[0]?.text).toContain('WaitGroup.add at wg by goroutine 2:');
  });

  it('does not report adds from zero by unordered goroutines, nor concurrent waits (only add against wait)', () => {
    const found = races((s) => {
      const wg = s.obj('waitgroup', 'wg');
      const ch = s.obj('chan');
      s.go(1, 2);
      s.go(1, 3);
      s.wgAdd(2, wg, true);
      s.wgDone(2, wg);
      s.wgAdd(3, wg, true); // from zero again, unordered with 2's add
      s.wgDone(3, wg);
      s.handoff(2, 1, ch);
      s.handoff(3, 1, ch);
      s.go(1, 4);
      s.wgWaitStart(1, wg, false);
      s.wgWaitStart(4, wg, false); // two waits, unordered with each other
    });
    expect(found).toEqual([]);
  });

  it('does not report reuse after wait returned (the next add is ordered after it)', () => {
    const found = races((s) => {
      const wg = s.obj('waitgroup', 'wg');
      for (let round = 0; round < 2; round++) {
        s.wgAdd(1, wg, true);
        const g = 2 + round;
        s.go(1, g);
        s.wgWaitStart(1, wg, true);
        s.wgDone(g, wg);
        s.wgWaitReturn(1, wg);
      }
    });
    expect(found).toEqual([]);
  });
});
