/**
 * `select`, as Go's runtime/select.go: poll the cases; if several are ready the
 * scheduler picks one (Go picks uniformly at random, so every choice is a branch
 * for the explorer); if none is ready, take `otherwise` when given, else park one
 * waiter on every channel and let the first partner that arrives win, unlinking
 * the others. A select with no cases blocks forever.
 *
 * Go's nil channel disables a case: a case on `nilChan()`, a case whose channel is
 * `null` or `undefined`, and a `null` or `undefined` case are never ready and park
 * no waiter (a select of nothing else blocks forever, as `select (no cases)`).
 * Several cases of a parked select on one channel in one direction: which of them a
 * partner completes is a `select` decision, taken when the select parks (Go's
 * random poll order decides it).
 */
import { current } from '../runtime/runtime.ts';
import { checkSameMode } from '../runtime/production.ts';
import type { Kernel } from '../runtime/kernel.ts';
import { POLLED, type G, type Op } from '../runtime/goroutine.ts';
import { WaitRecord, type SelectWait } from '../runtime/wait-queue.ts';
import { NIL, type Chan, type SelectOutcome } from './chan.ts';
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
export function recv<T, R = void>(ch: Chan<T> | null | undefined, fn?: (value: T | undefined, ok: boolean) => R): SelectCase<Awaited<R>> {
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
export function send<T, R = void>(ch: Chan<T> | null | undefined, value: T, fn?: () => R): SelectCase<Awaited<R>> {
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
 * callback result. Several ready cases: the scheduler chooses. A `null` or
 * `undefined` case (or a case on a nil channel) is never ready.
 *
 * @example
 * ```ts
 * const msg = await select(
 *   recv(results, (v) => `got ${v}`),
 *   recv(ctx.done(), () => 'canceled'),
 * );
 * ```
 */
export function select<R>(...cases: (SelectCase<R> | null | undefined)[]): Promise<R> {
  const rt = current('select()');
  const list = activeCases(cases as unknown as (AnyCase | null | undefined)[]);
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

/**
 * The cases that can ever be ready: a `null` case and a case on a nil channel become
 * `undefined` (indexes stay). Allocates only when there is such a case.
 */
function activeCases(cases: readonly (AnyCase | null | undefined)[]): (AnyCase | undefined)[] {
  let out: (AnyCase | undefined)[] | undefined;
  for (let i = 0; i < cases.length; i++) {
    if (!isOff(cases[i])) continue;
    out ??= cases.slice() as (AnyCase | undefined)[];
    out[i] = undefined;
  }
  return out ?? (cases as AnyCase[]);
}

/** A case that is never ready: none at all, or one on a nil channel (`null`, `undefined` or `nilChan()`). */
function isOff(c: AnyCase | null | undefined): boolean {
  if (c === null || c === undefined) return true;
  if (c.kind === 'default') return false;
  const ch = c.ch as Chan<unknown> | null | undefined;
  return ch === null || ch === undefined || ch.flavor === NIL;
}

function channelIds(cases: readonly (AnyCase | undefined)[], rt: Kernel): number[] {
  const ids: number[] = [];
  for (const c of cases) {
    if (c === undefined || c.kind === 'default') continue;
    // A channel of production mode in a run's select (or the reverse) is a usage error.
    if (c.ch.rt !== rt) checkSameMode(c.ch.rt, rt);
    if (!ids.includes(c.ch.id)) ids.push(c.ch.id);
  }
  return ids;
}

function performSelect(this: SelectOp, g: G): boolean {
  const cases = g.arg as (AnyCase | undefined)[];
  const ready: number[] = [];
  let dflt = -1;
  for (let i = 0; i < cases.length; i++) {
    const c = cases[i];
    if (c === undefined) continue;
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
  const chans = cases.filter((c): c is RecvCase<unknown, unknown> | SendCase<unknown, unknown> => c !== undefined && c.kind !== 'default').map((c) => c.ch);
  if (chans.length === 0) return rt.park(g, 'select (no cases)', undefined);
  const sel: SelectWait = { done: false, waiters: [] };
  for (const i of parkOrder(cases, rt, g)) {
    const c = cases[i]!;
    if (c.kind === 'default') continue;
    const w = new WaitRecord(g);
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

/**
 * The order in which a parking select queues its waiters: the order of the cases,
 * except that of several cases on one channel in one direction (the first partner
 * completes whichever is queued first) a `select` decision puts one first.
 */
function parkOrder(cases: readonly (AnyCase | undefined)[], rt: Kernel, g: G): number[] {
  const order: number[] = [];
  for (let i = 0; i < cases.length; i++) if (cases[i] !== undefined) order.push(i);
  for (let k = 0; k < order.length; k++) {
    // Parking means no default case: every case left is a send or a receive.
    const first = cases[order[k]!] as RecvCase<unknown, unknown> | SendCase<unknown, unknown>;
    // The later cases on the same channel and direction, none of them seen before.
    const same = [k];
    for (let j = k + 1; j < order.length; j++) {
      const c = cases[order[j]!]!;
      if (c.kind === first.kind && c.ch === first.ch) same.push(j);
    }
    if (same.length < 2 || !isFirstOfGroup(cases, order, k)) continue;
    const pick = same[rt.decide('select', same.length, g.id)]!;
    // Move the chosen case to the group's first position; the others keep their order.
    const [chosen] = order.splice(pick, 1);
    order.splice(k, 0, chosen!);
  }
  return order;
}

/** Whether no case before position `k` of `order` shares its channel and direction. */
function isFirstOfGroup(cases: readonly (AnyCase | undefined)[], order: readonly number[], k: number): boolean {
  const c = cases[order[k]!] as RecvCase<unknown, unknown> | SendCase<unknown, unknown>;
  for (let j = 0; j < k; j++) {
    const d = cases[order[j]!]!;
    if (d.kind === c.kind && d.ch === c.ch) return false;
  }
  return true;
}

function infoOf(ch: { readonly info: ObjectInfo }): ObjectInfo {
  return ch.info;
}
