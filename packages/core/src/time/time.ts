/**
 * Virtual time (Go's `time` package under testing/synctest): the clock starts at 0
 * and moves only when no goroutine can run, straight to the next timer. A program
 * whose 100 goroutines each sleep 100 ms ends at 100 ms of virtual time, at once.
 *
 * In production mode (outside any run) the same calls use the real clock and real
 * timers: `now()` is epoch milliseconds (monotonic), timers are `setTimeout`s. Code
 * that uses differences of `now()` reads the same in both.
 *
 * `sleep` creates no happens-before edge (as in Go's memory model). A timer's
 * arming (`new Timer`, `afterFunc`, `reset`, `new Ticker`) happens before the receive
 * of its value and before its callback runs, as Go's race detector models it.
 *
 * Timer channels are Go 1.23's synchronous ones: a value not yet received counts as
 * not fired, so `stop` and `reset` then return true and discard it (no stale value is
 * received later), and the channel reports `length` and `capacity` 0.
 */
import { current } from '../runtime/runtime.ts';
import type { Kernel } from '../runtime/kernel.ts';
import type { TimerEntry } from '../runtime/timer-heap.ts';
import { Panic } from '../runtime/errors.ts';
import { Chan, nilChan, TIMER, TIMER_SLOT } from '../chan/chan.ts';
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
 * `time.Tick`: the channel of a Ticker that is never stopped; for `ms <= 0`, Go's nil
 * channel (a receive blocks forever).
 *
 * @example
 * ```ts
 * const ticks = tick(10);
 * for (let i = 0; i < 3; i++) await ticks.recv(); // 10, 20, 30
 * ```
 */
export function tick(ms: number): Chan<number> {
  return ms > 0 ? new Ticker(ms).c : nilChan<number>();
}

/** The running goroutine releases a timer's arming: it happens before the timer's value is received or its callback starts. */
function releaseArming(rt: Kernel, c: Chan<number>): void {
  const g = rt.current;
  if (g) rt.mon?.sync(g.id, c.ownerInfo('timer'), TIMER_SLOT, 'release');
}

/**
 * `time.Timer`: fires once after `ms` on `c` (Go 1.23 semantics: a value not yet
 * received counts as not fired, so `stop` and `reset` then return true and no stale
 * value is received later).
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
    this.c = new Chan<number>(1, 'timer', 'new Timer()', TIMER);
    this.entry = this.arm(ms);
  }

  /** Stops the timer; true if it had not fired (its value, if sent, was not yet received: it is discarded). */
  stop(): boolean {
    const rt = this.c.rt;
    const pending = this.entry ? rt.deleteTimer(this.entry) : false;
    this.entry = undefined;
    // Not `||`: the stale value goes whatever the timer's state.
    const unreceived = this.c.drain();
    return pending || unreceived;
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
    releaseArming(rt, this.c);
    return rt.addTimer(rt.nowMs + Math.max(0, ms), () => {
      this.entry = undefined;
      if (this.callback) {
        const id = rt.spawn(this.callback, 'time.AfterFunc');
        rt.mon?.sync(id, this.c.ownerInfo('timer'), TIMER_SLOT, 'acquire');
      } else this.c.offerFromTimer(rt.nowMs);
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
    if (!(ms > 0)) throw new Panic('non-positive interval for NewTicker');
    this.period = ms;
    this.c = new Chan<number>(1, 'ticker', 'new Ticker()', TIMER);
    releaseArming(this.c.rt, this.c);
    this.entry = this.arm();
  }

  /** Stops the ticker; a tick not yet received is discarded. */
  stop(): void {
    if (this.entry) this.c.rt.deleteTimer(this.entry);
    this.entry = undefined;
    this.c.drain();
  }

  /** Stops the ticker and restarts it with period `ms`; `ms <= 0` panics, as Go's. */
  reset(ms: number): void {
    if (!(ms > 0)) throw new Panic('non-positive interval for Ticker.Reset');
    this.stop();
    this.period = ms;
    releaseArming(this.c.rt, this.c);
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
