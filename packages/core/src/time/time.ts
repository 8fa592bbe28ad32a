/**
 * Virtual time (Go's `time` package under testing/synctest): the clock starts at 0
 * and moves only when no goroutine can run, straight to the next timer. A program
 * whose 100 goroutines each sleep 100 ms ends at 100 ms of virtual time, at once.
 *
 * In production mode (outside any run) the same calls use the real clock and real
 * timers: `now()` is epoch milliseconds (monotonic), timers are `setTimeout`s. Code
 * that uses differences of `now()` reads the same in both.
 *
 * `sleep` creates no happens-before edge (as in Go's memory model); timers send
 * on their channels without one either.
 */
import { current } from '../runtime/runtime.ts';
import type { TimerEntry } from '../runtime/timer-heap.ts';
import { Chan } from '../chan/chan.ts';
import { checkDuration } from '../runtime/validate.ts';

/**
 * `time.Sleep`: pauses the goroutine for `ms` of virtual time. `sleep(0)` (or less)
 * returns at once, but is still a scheduling point. In production mode: `ms` of real
 * time (`sleep(0)` or less returns a settled promise).
 *
 * @example
 * ```ts
 * await sleep(100); // now() is 100 ms later
 * ```
 */
export function sleep(ms: number): Promise<void> {
  return current('sleep()').sleep(checkDuration('sleep(ms)', 'ms', ms));
}

/**
 * `time.Now`, as milliseconds of virtual time since the run started. In production
 * mode: real time, in epoch milliseconds (`performance.timeOrigin + performance.now()`,
 * monotonic); use differences, which mean the same in both.
 *
 * @example
 * ```ts
 * const t0 = now(); await sleep(50); now() - t0; // 50
 * ```
 */
export function now(): number {
  return current('now()').nowMs;
}

/**
 * `time.After`: a channel that receives the virtual time once `ms` have passed.
 *
 * @example
 * ```ts
 * await select(recv(result, (v) => v), recv(after(1000), () => 'timeout'));
 * ```
 */
export function after(ms: number): Chan<number> {
  return new Timer(checkDuration('after(ms)', 'ms', ms)).c;
}

/**
 * `time.Timer`: fires once after `ms` on `c` (Go 1.23 semantics: after `stop` or
 * `reset` no stale value is received).
 *
 * @example
 * ```ts
 * const t = new Timer(100);
 * if (!t.stop()) await t.c.recv();
 * ```
 */
export class Timer {
  readonly c: Chan<number>;
  private entry: TimerEntry | undefined;

  constructor(ms: number, private readonly callback?: () => unknown) {
    ms = checkDuration('new Timer(ms)', 'ms', ms);
    this.c = new Chan<number>(1, 'timer', 'new Timer()');
    this.entry = this.arm(ms);
  }

  /** Stops the timer; true if it was pending (had not fired). */
  stop(): boolean {
    const rt = this.c.rt;
    const pending = this.entry ? rt.deleteTimer(this.entry) : false;
    this.entry = undefined;
    this.c.drain();
    return pending;
  }

  /** Re-arms the timer to fire `ms` from now; true if it was pending. */
  reset(ms: number): boolean {
    ms = checkDuration('Timer.reset(ms)', 'ms', ms);
    const pending = this.stop();
    this.entry = this.arm(ms);
    return pending;
  }

  private arm(ms: number): TimerEntry {
    const rt = this.c.rt;
    return rt.addTimer(rt.nowMs + Math.max(0, ms), () => {
      this.entry = undefined;
      if (this.callback) rt.spawn(this.callback, 'time.AfterFunc');
      else this.c.offerFromTimer(rt.nowMs);
    });
  }
}

/**
 * `time.AfterFunc`: runs `fn` in its own goroutine after `ms`.
 *
 * @example
 * ```ts
 * const t = afterFunc(50, () => { flag.value = true; });
 * t.stop();
 * ```
 */
export function afterFunc(ms: number, fn: () => unknown): Timer {
  return new Timer(checkDuration('afterFunc(ms, fn)', 'ms', ms), fn);
}

/**
 * `time.Ticker`: sends the virtual time on `c` every `ms`, dropping ticks a slow
 * reader misses.
 *
 * @example
 * ```ts
 * const t = new Ticker(10);
 * for (let i = 0; i < 3; i++) await t.c.recv();
 * t.stop();
 * ```
 */
export class Ticker {
  readonly c: Chan<number>;
  private entry: TimerEntry | undefined;
  private period: number;

  constructor(ms: number) {
    if (!(ms > 0)) throw new Error('non-positive interval for NewTicker');
    this.period = ms;
    this.c = new Chan<number>(1, 'ticker', 'new Ticker()');
    this.entry = this.arm();
  }

  stop(): void {
    if (this.entry) this.c.rt.deleteTimer(this.entry);
    this.entry = undefined;
    this.c.drain();
  }

  reset(ms: number): void {
    this.stop();
    this.period = ms;
    this.entry = this.arm();
  }

  private arm(): TimerEntry {
    const rt = this.c.rt;
    return rt.addTimer(rt.nowMs + this.period, () => {
      this.c.offerFromTimer(rt.nowMs);
      this.entry = this.arm();
    });
  }
}
