/**
 * `sync.Once`: `do(fn)` runs `fn` the first time only; a second caller waits
 * until the first call has finished (even if `fn` panicked, as in Go).
 *
 * Invariants: `state` goes idle -> running -> done, never back; waiters are
 * queued only while running.
 * Edges: `fn` finishing releases; every `do` that returns acquires.
 */
import { MethodOp, type G, type Op } from '../runtime/goroutine.ts';
import { RuntimeObject } from '../runtime/object.ts';
import { ownWaiter, WaitQueue } from '../runtime/wait-queue.ts';

const IDLE = 0;
const RUNNING = 1;
const DONE = 2;

/**
 * Runs a function exactly once.
 *
 * @example
 * ```ts
 * const once = new Once();
 * await once.do(async () => { config.value = await load(); });
 * ```
 */
export class Once extends RuntimeObject {
  readonly kind = 'once' as const;
  private state = IDLE;
  private readonly waiters = new WaitQueue();
  private readonly doOp: Op = new MethodOp('once.do', this.id, this, this.performDo);

  constructor(name?: string) {
    super('new Once()', name);
  }

  /** Calls `fn` if no call of `do` on this Once has; otherwise waits for that call to finish. */
  do(fn: () => unknown): Promise<void> {
    return this.rt.suspend<boolean>(this.doOp).then((first) => (first ? this.runFirst(fn) : undefined));
  }

  private async runFirst(fn: () => unknown): Promise<void> {
    try {
      await fn();
    } finally {
      this.state = DONE;
      this.edge(this.running, 0, 'release');
      for (let w = this.waiters.shift(); w; w = this.waiters.shift()) {
        this.edge(w.g, 0, 'acquire');
        this.rt.wake(w.g, false);
      }
    }
  }

  private performDo(g: G): boolean {
    if (this.state === DONE) {
      this.edge(g, 0, 'acquire');
      g.result = false;
      return true;
    }
    if (this.state === IDLE) {
      this.state = RUNNING;
      g.result = true;
      return true;
    }
    this.waiters.push(ownWaiter(g));
    return this.rt.park(g, 'sync.Once.Do', this.info);
  }
}
