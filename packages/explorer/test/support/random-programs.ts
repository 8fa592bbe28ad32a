/**
 * Small random programs for differentials between explorations: two or three
 * goroutines, each one or two operations on two atomics, a mutex-guarded plain field,
 * a plain field read, yielded over and written (unguarded under `'anywhere'`; under
 * `'objects'` inside a Mutex of its own, since that assumption says plain state is
 * guarded: unguarded, two runs of one trace as the reduction sees it can leave it
 * different) and a buffered channel; main
 * joins them with a WaitGroup, records the outcome in `outcomes` (the same for
 * every run of one Mazurkiewicz trace: what each goroutine read, in its own order) and panics on
 * some outcomes (a message naming the outcome), so that the findings differ by
 * schedule. Generated from a seed by a fixed LCG: the same seed, the same program.
 */
import { Atomic, Mutex, WaitGroup, chan, gosched, type Program } from '@interleave/core';

type Op = 'load x' | 'add x' | 'store y' | 'load y' | 'locked' | 'plain' | 'send';
const OPS: readonly Op[] = ['load x', 'add x', 'store y', 'load y', 'locked', 'plain', 'send'];

/** A generated program, its shape as text, and the outcomes its runs reached. */
export interface RandomProgram {
  readonly shape: string;
  readonly program: Program;
  readonly outcomes: Set<string>;
}

/**
 * The program of `seed`, with 2 up to `goroutines` goroutines besides main, for
 * exploration under `sharedState` (see the file comment).
 *
 * @example
 * ```ts
 * const { program, outcomes } = randomProgram(7);
 * await explore(program, { strategy: 'exhaustive' });
 * outcomes.size; // outcomes reached
 * ```
 */
export function randomProgram(seed: number, goroutines = 3, sharedState: 'objects' | 'anywhere' = 'anywhere'): RandomProgram {
  let s = (seed * 2654435761 + 1) >>> 0;
  const next = (n: number): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s >>> 8) % n;
  };
  const bodies: Op[][] = [];
  for (let g = 0, n = 2 + next(goroutines - 1); g < n; g++) {
    const ops: Op[] = [];
    for (let k = 0, m = 1 + next(2); k < m; k++) ops.push(OPS[next(OPS.length)]!);
    bodies.push(ops);
  }
  const sends = bodies.flat().filter((o) => o === 'send').length;
  const outcomes = new Set<string>();
  const program: Program = async () => {
    const x = new Atomic(0, 'x');
    const y = new Atomic(0, 'y');
    const mu = new Mutex('mu');
    const plainMu = sharedState === 'objects' ? new Mutex('plainMu') : undefined;
    const c = chan<number>(Math.max(1, sends));
    const state = { guarded: 0, plain: 0, seen: bodies.map(() => [] as number[]) };
    const wg = new WaitGroup();
    for (const [g, ops] of bodies.entries()) {
      wg.go(async () => {
        for (const op of ops) await step(op, g + 1);
      });
    }
    async function step(op: Op, g: number): Promise<void> {
      switch (op) {
        case 'load x': state.seen[g - 1]!.push(await x.load()); break;
        case 'add x': await x.add(g); break;
        case 'store y': await y.store(g); break;
        case 'load y': state.seen[g - 1]!.push(await y.load()); break;
        case 'locked': await mu.lock(); state.guarded = state.guarded * 2 + g; mu.unlock(); break;
        case 'plain': {
          if (plainMu !== undefined) await plainMu.lock();
          const v = state.plain;
          await gosched();
          state.plain = v * 3 + g;
          plainMu?.unlock();
          break;
        }
        case 'send': await c.send(g); break;
      }
    }
    await wg.wait();
    const received: number[] = [];
    for (let k = 0; k < sends; k++) received.push((await c.recv()) ?? -1);
    const outcome = `x=${await x.load()} y=${await y.load()} g=${state.guarded} p=${state.plain} seen=${state.seen.map((v) => v.join(',')).join('/')} c=${received.join(',')}`;
    outcomes.add(outcome);
    if (hash(outcome) % 3 === 0) throw new Error(`bad outcome ${outcome}`);
  };
  return { shape: bodies.map((ops) => ops.join('; ')).join(' | '), program, outcomes };
}

function hash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) >>> 0;
  return h;
}
