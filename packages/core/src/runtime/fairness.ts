/**
 * Fair scheduling: CHESS's fair stateless model checking (Musuvathi and Qadeer,
 * "Fair stateless model checking", PLDI 2008) applied in the runtime, so that every
 * Scheduler, and every strategy built on one, gets it.
 *
 * A goroutine *polls* when, during the segment it runs between two scheduling
 * points, it observes that nothing happened yet: a `select` takes `otherwise`; a
 * `tryLock`, `tryRLock`, `tryAcquire` or `ErrGroup.tryGo` fails; `ctx.err()` is
 * still undefined; it reads `ch.length`; an atomic `load` or a failed
 * `compareAndSwap` finds the atomic unwritten since this goroutine last read it
 * that way (the first look at an atomic is never a poll). The
 * scheduling point that ends such a segment is a *yield without progress*.
 *
 * The rule (CHESS's priority edges): a goroutine that yielded without progress is
 * not offered to the scheduler while some other runnable goroutine has been
 * runnable since before that yield without having run. It is offered again as
 * soon as each of them has run (or when it is the oldest runnable goroutine), so
 * a spin-wait always lets the goroutines it waits for take their steps.
 *
 * With the fairness clock `since` (a counter stamped on a goroutine each time it
 * becomes runnable), the rule reads: a yielder is offered iff no runnable goroutine
 * has a smaller `since`. So every goroutine that did not yield is offered, and of
 * the yielders only the oldest runnable goroutine, if it is one. Some goroutine is
 * always offered when any is runnable.
 *
 * A spin on state the runtime cannot see (`while (!this.ready) await gosched()` over a
 * plain field) observes nothing, so it never polls. A goroutine whose third scheduling
 * point in a row is a bare `gosched()` (or `sleep(0)`) is *spinning*: it is deferred
 * as a yielder is (so the goroutine it waits for gets to run), but it is progress, not
 * idle (time does not jump, and the run is never called stuck on its account: a long
 * loop of plain work with a `gosched()` per turn is not a livelock). The first two bare
 * yields in a row are plain scheduling points, so code that yields once or twice
 * between steps is explored as before.
 *
 * Idle: a yielder is *idle* when no progress happened since its yield. A segment
 * is without progress when it polled, or when it is the rest of a poll loop: chosen
 * right after a yield without progress, it performs a bare `gosched()` (or
 * `sleep(0)`) and reaches its next scheduling point without a park. Progress is
 * every other segment (its scheduling point, park or exit) and every timer
 * firing. When every runnable goroutine is idle, the run is waiting as if all were
 * blocked: virtual time may jump to the next timer. (Progress is judged at
 * scheduling points, not at each write: the rest of a poll loop that unlocks a
 * mutex, say, is not seen as progress.)
 *
 * Invariants:
 * - `yielders` counts the runnable goroutines with `fair === YIELDED` or `SPUN`.
 * - Between steps, the `idle` goroutines counted in the current epoch are all in
 *   the run queue (one leaves it only to run, and its segment ends in a yield,
 *   which keeps it counted, or in progress, which starts a new epoch), so
 *   `idle === runq.size` says every runnable goroutine is idle.
 * - `polls` counts the yields without progress since the last progress.
 */
import { BARE_1, BARE_2, GOSCHED, POLL_LOOP, POLLED, SPUN, YIELDED, type G } from './goroutine.ts';
import type { RunQueue } from './run-queue.ts';

/** `gosched()` or `sleep(ms <= 0)`: a scheduling point that does nothing. */
function isBareYield(g: G): boolean {
  return g.op === GOSCHED || (g.op.kind === 'sleep' && !((g.arg as number) > 0));
}

export class Fairness {
  /** Runnable goroutines that yielded without progress. */
  yielders = 0;
  /** Goroutines that yielded without progress in this progress epoch. */
  idle = 0;
  /** Yields without progress since the last progress. */
  polls = 0;
  private epoch = 0;
  private clock = 0;

  /** `g` became runnable (created, woken). */
  runnable(g: G): void {
    g.since = this.clock++;
  }

  /** The running `g` reached a scheduling point and is runnable again. */
  reached(g: G): void {
    if (g.fair === POLLED) {
      g.fair = YIELDED;
      this.yielders++;
      this.polls++;
      if (g.idleMark !== this.epoch) {
        g.idleMark = this.epoch;
        this.idle++;
      }
    } else if (g.fair === POLL_LOOP) {
      // The rest of a poll loop: neither a poll nor progress; still idle if it was.
      g.fair = 0;
    } else if (isBareYield(g)) {
      this.progress();
      if (g.fair === BARE_2) {
        g.fair = SPUN;
        this.yielders++;
      } else {
        g.fair = g.fair === BARE_1 ? BARE_2 : BARE_1;
      }
    } else {
      g.fair = 0;
      this.progress();
    }
    g.since = this.clock++;
  }

  /** `g` was chosen to run; its op is performed next. */
  picked(g: G): void {
    if (g.fair === YIELDED) {
      g.fair = isBareYield(g) ? POLL_LOOP : 0;
      this.yielders--;
    } else if (g.fair === SPUN) {
      // Still spinning: its next bare yield in a row defers it again.
      g.fair = BARE_2;
      this.yielders--;
    }
  }

  /** Something happened that a poll may observe: idle goroutines must poll again. */
  progress(): void {
    this.epoch++;
    this.idle = 0;
    this.polls = 0;
  }

  /**
   * The goroutines offered to the scheduler, in id order: every runnable one but
   * the yielders that a goroutine runnable since before their yield still waits on.
   * Precondition: the run queue is not empty.
   */
  offered(runq: RunQueue): G[] {
    const all = runq.toArray();
    let oldest = all[0]!.since;
    for (const g of all) if (g.since < oldest) oldest = g.since;
    let k = 0;
    for (const g of all) if ((g.fair !== YIELDED && g.fair !== SPUN) || g.since === oldest) all[k++] = g;
    all.length = k;
    return all;
  }
}
