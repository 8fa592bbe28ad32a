/**
 * `select`, as Go's runtime/select.go: poll the cases; if several are ready the
 * scheduler picks one (Go picks uniformly at random, so every choice is a branch
 * for the explorer); if none is ready, take `otherwise` when given, else park one
 * waiter on every channel and let the first partner that arrives win, unlinking
 * the others. A select with no cases blocks forever.
 */
import { current } from '../runtime/runtime.ts';
import { checkSameMode } from '../runtime/production.ts';
import type { Kernel } from '../runtime/kernel.ts';
import { POLLED, type G, type Op } from '../runtime/goroutine.ts';
import { Waiter, type SelectWait } from '../runtime/wait-queue.ts';
import type { Chan, SelectOutcome } from './chan.ts';
import type { ObjectInfo } from '../runtime/types.ts';

/** A receive case: `case v, ok := <-ch`. */
export interface RecvCase<T, R> {
  readonly kind: 'recv';
  readonly ch: Chan<T>;
  readonly fn: ((value: T | undefined, ok: boolean) => R) | undefined;
}

/** A send case: `case ch <- v`. */
export interface SendCase<T, R> {
  readonly kind: 'send';
  readonly ch: Chan<T>;
  readonly value: T;
  readonly fn: (() => R) | undefined;
}

/** The default case: taken when no other case is ready. */
export interface DefaultCase<R> {
  readonly kind: 'default';
  readonly fn: () => R;
}

/** Any case of a select. `R` is what the case's callback returns. */
export type SelectCase<R> = RecvCase<never, R> | SendCase<never, R> | DefaultCase<R>;

type AnyCase = RecvCase<unknown, unknown> | SendCase<unknown, unknown> | DefaultCase<unknown>;

/**
 * A receive case for {@link select}.
 *
 * @example
 * ```ts
 * await select(recv(results, (v, ok) => ok ? v : 'closed'), recv(after(100), () => 'timeout'));
 * ```
 */
export function recv<T, R = void>(ch: Chan<T>, fn?: (value: T | undefined, ok: boolean) => R): SelectCase<Awaited<R>> {
  return { kind: 'recv', ch, fn } as unknown as SelectCase<Awaited<R>>;
}

/**
 * A send case for {@link select}.
 *
 * @example
 * ```ts
 * await select(send(out, v, () => 'sent'), recv(ctx.done(), () => 'canceled'));
 * ```
 */
export function send<T, R = void>(ch: Chan<T>, value: T, fn?: () => R): SelectCase<Awaited<R>> {
  return { kind: 'send', ch, value, fn } as unknown as SelectCase<Awaited<R>>;
}

/**
 * The `default` case of a {@link select}: makes the select never block.
 *
 * @example
 * ```ts
 * const got = await select(recv(ch, (v) => v), otherwise(() => 'nothing ready'));
 * ```
 */
export function otherwise<R>(fn: () => R): SelectCase<Awaited<R>> {
  return { kind: 'default', fn } as unknown as SelectCase<Awaited<R>>;
}

/**
 * Waits until one case can proceed, performs it, and resolves to that case's
 * callback result. Several ready cases: the scheduler chooses.
 *
 * @example
 * ```ts
 * const msg = await select(
 *   recv(results, (v) => `got ${v}`),
 *   recv(ctx.done(), () => 'canceled'),
 * );
 * ```
 */
export function select<R>(...cases: SelectCase<R>[]): Promise<R> {
  const rt = current('select()');
  const list = cases as unknown as AnyCase[];
  const objects = channelIds(list, rt);
  const op: SelectOp = { kind: 'select', object: objects[0] ?? 0, objects, perform: performSelect, rt };
  return rt.suspend<SelectOutcome>(op, list).then((o) => {
    const c = list[o.index]!;
    if (c.kind === 'recv') return c.fn?.(o.value, o.ok) as R;
    return c.fn?.() as R;
  });
}

/** A select's op: it parks and decides through the kernel of the select's caller. */
interface SelectOp extends Op {
  readonly rt: Kernel;
}

function channelIds(cases: readonly AnyCase[], rt: Kernel): number[] {
  const ids: number[] = [];
  for (const c of cases) {
    if (c.kind === 'default') continue;
    // A channel of production mode in a run's select (or the reverse) is a usage error.
    if (c.ch.rt !== rt) checkSameMode(c.ch.rt, rt);
    if (!ids.includes(c.ch.id)) ids.push(c.ch.id);
  }
  return ids;
}

function performSelect(this: SelectOp, g: G): boolean {
  const cases = g.arg as AnyCase[];
  const ready: number[] = [];
  let dflt = -1;
  for (let i = 0; i < cases.length; i++) {
    const c = cases[i]!;
    if (c.kind === 'default') dflt = i;
    else if (c.kind === 'recv' ? c.ch.recvReady() : c.ch.sendReady()) ready.push(i);
  }
  const rt = this.rt;
  if (ready.length) {
    const index = ready.length > 1 ? ready[rt.decide('select', ready.length, g.id)]! : ready[0]!;
    const c = cases[index] as RecvCase<unknown, unknown> | SendCase<unknown, unknown>;
    if (c.kind === 'recv') {
      const ok = c.ch.recvNow(g);
      g.result = { index, value: g.result, ok } satisfies SelectOutcome;
    } else {
      const p = c.ch.sendNow(g, c.value);
      if (p) {
        g.failed = true;
        g.error = p;
      } else g.result = { index, value: undefined, ok: true } satisfies SelectOutcome;
    }
    return true;
  }
  if (dflt >= 0) {
    // Nothing was ready: a poll (fairness.ts).
    g.fair = POLLED;
    g.result = { index: dflt, value: undefined, ok: true } satisfies SelectOutcome;
    return true;
  }
  const chans = cases.filter((c): c is RecvCase<unknown, unknown> | SendCase<unknown, unknown> => c.kind !== 'default').map((c) => c.ch);
  if (chans.length === 0) return rt.park(g, 'select (no cases)', undefined);
  const sel: SelectWait = { done: false, waiters: [] };
  for (let i = 0; i < cases.length; i++) {
    const c = cases[i]!;
    if (c.kind === 'default') continue;
    const w = new Waiter(g);
    w.select = sel;
    w.n = i;
    if (c.kind === 'send') {
      w.value = c.value;
      c.ch.sendq.push(w);
    } else {
      c.ch.recvq.push(w);
    }
    sel.waiters.push(w);
  }
  return rt.park(g, 'select', chans.map(infoOf));
}

function infoOf(ch: { readonly info: ObjectInfo }): ObjectInfo {
  return ch.info;
}
