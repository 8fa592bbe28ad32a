/**
 * The ambient API of a running program: `go`, `gosched`, `randomInt`. Like Go's
 * `go` statement they need no runtime argument: inside `run` they act on the run in
 * progress, outside it on production mode (the real event loop, docs/production.md).
 */
import { current } from './runtime.ts';

/**
 * Starts `fn` in a new goroutine (Go's `go` statement). Inside a run it is a
 * scheduling point for the spawner, as in Go: the scheduler decides whether the
 * new goroutine runs to its first scheduling point before `go` returns, or the
 * spawner goes on first (a `goroutine` decision between the two). In production
 * mode the new goroutine runs in a microtask; an exception escaping it crashes
 * the process, as a Go panic does.
 *
 * @example
 * ```ts
 * go(async () => { await results.send(await work()); }, 'worker');
 * ```
 */
export function go(fn: () => unknown, name?: string): void {
  current('go()').spawn(fn, name);
}

/**
 * `runtime.Gosched`: a bare scheduling point, letting the scheduler run another goroutine.
 * In production mode it yields to the event loop, so timers and I/O callbacks run first.
 *
 * @example
 * ```ts
 * while (!(await flag.load())) await gosched();
 * ```
 */
export function gosched(): Promise<void> {
  return current('gosched()').gosched();
}

/**
 * A seeded random integer in `[0, n)`, chosen by the scheduler: replay gives the
 * same value, and the explorer may treat it as a branch. In production mode, `Math.random`.
 *
 * @example
 * ```ts
 * const jitter = randomInt(10);
 * await sleep(jitter);
 * ```
 */
export function randomInt(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 0xffffffff) throw new RangeError(`randomInt(${n}): n must be an integer in [1, 2^32)`);
  const rt = current('randomInt()');
  return n === 1 ? 0 : rt.decide('random', n, rt.current?.id ?? 0);
}
