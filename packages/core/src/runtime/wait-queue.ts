/**
 * A FIFO of parked goroutines with O(1) removal from the middle, as Go's `waitq`
 * of sudogs: `select` parks one waiter on every channel it waits on and removes
 * the losers when one case fires.
 *
 * Invariants: a waiter is in at most one queue (`queue` names it, or is undefined);
 * `length` counts the waiters linked between `head` and `tail`; a waiter in no queue
 * has `prev` and `next` undefined (it starts so, and leaving a queue clears them), so
 * linking it writes only the links that point somewhere.
 */
import type { G } from './goroutine.ts';

/**
 * One goroutine waiting in one queue (Go's sudog): for a plain wait the goroutine
 * record itself (`ownWaiter`), for a select case or a Cond wait a {@link WaitRecord}.
 */
export interface Waiter {
  prev: Waiter | undefined;
  next: Waiter | undefined;
  queue: WaitQueue | undefined;
  /** The value a sender offers (or what the primitive keeps per wait). */
  value: unknown;
  /** For a waiter of a select: the shared state of that select. */
  readonly select: SelectWait | undefined;
  /** Per primitive: a select waiter's case index, a semaphore weight, a receiver's wants-ok flag, a Cond's signaled flag. */
  n: number;
  readonly g: G;
}

/** A waiter of its own: one per case of a parked select, one per Cond wait. */
export class WaitRecord implements Waiter {
  prev: Waiter | undefined = undefined;
  next: Waiter | undefined = undefined;
  queue: WaitQueue | undefined = undefined;
  value: unknown = undefined;
  select: SelectWait | undefined = undefined;
  n = 0;
  constructor(readonly g: G) {}
}

/**
 * The goroutine record as its own waiter, reset, for a plain wait (one queue at a
 * time): parking allocates nothing. Precondition: `g` is in no queue as its own
 * waiter (a goroutine parks in at most one plain queue at a time).
 */
export function ownWaiter(g: G): Waiter {
  g.value = undefined;
  g.n = 0;
  return g;
}

/** The state shared by the waiters of one parked `select`. */
export interface SelectWait {
  /** Set when one case fired; the other waiters are then unlinked. */
  done: boolean;
  waiters: Waiter[];
}

export class WaitQueue {
  head: Waiter | undefined = undefined;
  tail: Waiter | undefined = undefined;
  length = 0;

  push(w: Waiter): void {
    w.queue = this;
    const t = this.tail;
    if (t === undefined) this.head = w;
    else {
      w.prev = t;
      t.next = w;
    }
    this.tail = w;
    this.length++;
  }

  /** Puts `w` first (a woken Mutex waiter that lost the lock to a newcomer waits at the front, as in Go). */
  unshift(w: Waiter): void {
    w.queue = this;
    const h = this.head;
    if (h === undefined) this.tail = w;
    else {
      w.next = h;
      h.prev = w;
    }
    this.head = w;
    this.length++;
  }

  /** Removes and returns the first waiter, or undefined. */
  shift(): Waiter | undefined {
    const w = this.head;
    if (w !== undefined) this.dropHead(w);
    return w;
  }

  /** Unlinks `w`, the first waiter (precondition: `w === head`). */
  dropHead(w: Waiter): void {
    const n = w.next;
    this.head = n;
    if (n === undefined) this.tail = undefined;
    else {
      n.prev = undefined;
      w.next = undefined;
    }
    w.queue = undefined;
    this.length--;
  }

  remove(w: Waiter): void {
    if (w.queue !== this) return;
    if (w.prev) w.prev.next = w.next;
    else this.head = w.next;
    if (w.next) w.next.prev = w.prev;
    else this.tail = w.prev;
    w.prev = w.next = undefined;
    w.queue = undefined;
    this.length--;
  }
}

/** Unlinks every waiter of a fired select from the queues it is still in. */
export function cancelSelect(sel: SelectWait): void {
  sel.done = true;
  for (const w of sel.waiters) w.queue?.remove(w);
}
