/**
 * A tiny simulated runtime with core's Scheduler/Monitor contract, so that the
 * strategies can be tested on exact, hand-checkable programs (and on the DPOR
 * benchmarks at sizes core would take long on) independently of core.
 *
 * A program is a generator function: every `yield` is a scheduling point whose
 * pending op is performed when the goroutine is next chosen (as in core: a step
 * performs the pending op, then runs user code up to the next scheduling point).
 * `unlock`, `go`, `read`/`write` (plain memory) and `random` run inline.
 *
 * Ops: atomic `load` / `store` / `cas` / `add`, `lock` (blocks when held, FIFO
 * hand-off on unlock), `yield` (gosched), `join` (blocks until every other
 * goroutine is done; always parks first and is woken by the runtime, like a
 * sleep of main: `wake(g, 0)`, so it adds no dependence).
 */
import type {
  Decision, DecisionKind, EngineOptions, Finding, GoroutineView, Monitor, ObjectInfo, ObjectKind, OpKind, RunResult,
} from '../../src/core.ts';
import type { Engine } from '../../src/core.ts';

export type Op =
  | { kind: 'load'; obj: number }
  | { kind: 'store'; obj: number; value: number }
  | { kind: 'cas'; obj: number; expect: number; value: number }
  | { kind: 'add'; obj: number; delta: number }
  | { kind: 'lock'; obj: number }
  | { kind: 'yield' }
  | { kind: 'join' };

/** A goroutine body: yields ops, receives their results. */
export type Thread = Generator<Op, void, number>;

/** What user code can do inline. */
export interface Sim {
  atomic(initial?: number, name?: string): number;
  shared(initial?: number, name?: string): number;
  mutex(name?: string): number;
  go(body: (sim: Sim) => Thread, name?: string): void;
  unlock(m: number): void;
  read(obj: number): number;
  write(obj: number, value: number): void;
  random(n: number): number;
  fail(message: string): never;
}

export type SimProgram = (sim: Sim) => Thread;

export const load = (obj: number): Op => ({ kind: 'load', obj });
export const store = (obj: number, value: number): Op => ({ kind: 'store', obj, value });
export const cas = (obj: number, expect: number, value: number): Op => ({ kind: 'cas', obj, expect, value });
export const add = (obj: number, delta: number): Op => ({ kind: 'add', obj, delta });
export const lock = (obj: number): Op => ({ kind: 'lock', obj });
export const yieldOp: Op = { kind: 'yield' };
export const join: Op = { kind: 'join' };

interface G {
  id: number;
  name: string | undefined;
  gen: Thread;
  pending: Op | 'start' | 'resume';
  state: 'runnable' | 'blocked' | 'done';
  resumeValue: number;
  reason: 'sync.Mutex.Lock' | 'sync.WaitGroup.Wait';
}

interface Obj {
  info: ObjectInfo;
  value: number;
  holder: number;
  waiters: number[];
}

class Panic extends Error {}

/** Options of the simulated engine. */
export interface SimOptions {
  /** A failed compare-and-swap is a read (true) or a write (false). Default true. */
  casFailIsRead?: boolean;
}

/**
 * The simulated engine.
 *
 * @example
 * ```ts
 * const r = await simEngine().run(program, { scheduler });
 * ```
 */
export function simEngine(options: SimOptions = {}): Engine<SimProgram> {
  return { run: (program, runOptions) => Promise.resolve(runSim(program, runOptions, options)) };
}

function opView(p: G['pending']): { kind: OpKind; object: number } {
  if (p === 'start' || p === 'resume') return { kind: p, object: 0 };
  switch (p.kind) {
    case 'load': return { kind: 'atomic.load', object: p.obj };
    case 'store': return { kind: 'atomic.store', object: p.obj };
    case 'cas': case 'add': return { kind: 'atomic.rmw', object: p.obj };
    case 'lock': return { kind: 'mutex.lock', object: p.obj };
    case 'yield': return { kind: 'gosched', object: 0 };
    case 'join': return { kind: 'waitgroup.wait', object: 0 };
  }
}

/** Runs one execution. */
export function runSim(program: SimProgram, o: EngineOptions, so: SimOptions = {}): RunResult {
  const monitors: Monitor[] = (o.monitors ?? []).map((m) => (typeof m === 'function' ? m() : m));
  const casFailIsRead = so.casFailIsRead ?? true;
  const gs = new Map<number, G>();
  const objs: Obj[] = [];
  const findings: Finding[] = [];
  const entries: { kind: DecisionKind; options: number; choice: number }[] = [];
  const replay = o.replay === undefined ? undefined : decode(o.replay);
  const maxSteps = o.maxSteps ?? 1_000_000;
  let current = 0;
  let reached = 0;
  let steps = 0;
  let ended = false;

  const decide = (kind: DecisionKind, options: number, runnable: readonly GoroutineView[]): number => {
    const index = entries.length;
    let choice: number;
    if (replay !== undefined) {
      const e = replay[index];
      if (e === undefined || e.kind !== kind || e.options !== options) {
        throw new Divergence(`replay diverged at decision ${index}`);
      }
      choice = e.choice;
    } else {
      const d: Decision = { kind, options, step: steps, index, current: kind === 'goroutine' ? reached : current, runnable };
      choice = o.scheduler?.choose(d) ?? 0;
    }
    if (!Number.isInteger(choice) || choice < 0 || choice >= options) throw new Error(`bad choice ${choice}`);
    entries.push({ kind, options, choice });
    return choice;
  };
  const newObj = (kind: ObjectKind, value: number, name: string | undefined): number => {
    const id = objs.length + 1;
    objs.push({ info: { id, kind, name }, value, holder: 0, waiters: [] });
    return id;
  };
  const obj = (id: number): Obj => {
    const x = objs[id - 1];
    if (x === undefined) throw new Error(`no object ${id}`);
    return x;
  };
  const access = (id: number, write: boolean, atomic: boolean): void => {
    const info = obj(id).info;
    for (const m of monitors) m.access?.(current, info, write, atomic, undefined);
    if (atomic) for (const m of monitors) m.sync?.(current, info, 0, write ? 'release' : 'acquire');
  };
  const sim: Sim = {
    atomic: (v = 0, name) => newObj('atomic', v, name),
    shared: (v = 0, name) => newObj('shared', v, name),
    mutex: (name) => newObj('mutex', 0, name),
    go(body, name) {
      const id = gs.size + 1;
      gs.set(id, { id, name, gen: body(sim), pending: 'start', state: 'runnable', resumeValue: 0, reason: 'sync.Mutex.Lock' });
      for (const m of monitors) m.spawn?.({ parent: current, child: id, name, site: undefined });
    },
    unlock(id) {
      const m = obj(id);
      if (m.holder !== current) throw new Panic('sync: unlock of unlocked mutex');
      for (const mon of monitors) mon.lock?.(current, m.info, false, false, undefined);
      for (const mon of monitors) mon.sync?.(current, m.info, 0, 'release');
      m.holder = 0;
      const w = m.waiters.shift();
      if (w !== undefined) {
        m.holder = w;
        for (const mon of monitors) mon.sync?.(w, m.info, 0, 'acquire');
        for (const mon of monitors) mon.lock?.(w, m.info, true, false, undefined);
        const g = gs.get(w)!;
        g.state = 'runnable';
        g.pending = 'resume';
        for (const mon of monitors) mon.wake?.(w, current);
      }
    },
    read(id) {
      access(id, false, false);
      return obj(id).value;
    },
    write(id, v) {
      access(id, true, false);
      obj(id).value = v;
    },
    random(n) {
      return n < 2 ? 0 : decide('random', n, []);
    },
    fail(message) {
      throw new Panic(message);
    },
  };

  const perform = (g: G): number | 'blocked' => {
    const p = g.pending;
    if (p === 'start') return 0;
    if (p === 'resume') return g.resumeValue;
    switch (p.kind) {
      case 'load': access(p.obj, false, true); return obj(p.obj).value;
      case 'store': access(p.obj, true, true); obj(p.obj).value = p.value; return 0;
      case 'add': access(p.obj, true, true); obj(p.obj).value += p.delta; return obj(p.obj).value;
      case 'cas': {
        const x = obj(p.obj);
        const ok = x.value === p.expect;
        access(p.obj, ok || !casFailIsRead, true);
        if (ok) x.value = p.value;
        return ok ? 1 : 0;
      }
      case 'lock': {
        const m = obj(p.obj);
        if (m.holder === 0) {
          m.holder = g.id;
          for (const mon of monitors) mon.sync?.(g.id, m.info, 0, 'acquire');
          for (const mon of monitors) mon.lock?.(g.id, m.info, true, false, undefined);
          return 0;
        }
        m.waiters.push(g.id);
        g.state = 'blocked';
        g.reason = 'sync.Mutex.Lock';
        for (const mon of monitors) mon.block?.({ goroutine: g.id, reason: 'sync.Mutex.Lock', objects: [m.info], site: undefined });
        return 'blocked';
      }
      case 'yield': return 0;
      case 'join': {
        // Like sleep: always parks; the runtime wakes it once every other goroutine is done.
        g.state = 'blocked';
        g.reason = 'sync.WaitGroup.Wait';
        for (const mon of monitors) mon.block?.({ goroutine: g.id, reason: 'sync.WaitGroup.Wait', objects: [], site: undefined });
        return 'blocked';
      }
    }
  };

  const wakeJoin = (): void => {
    const main = gs.get(1);
    if (main === undefined || main.state !== 'blocked' || main.reason !== 'sync.WaitGroup.Wait') return;
    if ([...gs.values()].some((x) => x.id !== 1 && x.state !== 'done')) return;
    main.state = 'runnable';
    main.pending = 'resume';
    for (const m of monitors) m.wake?.(1, 0);
  };

  for (const m of monitors) m.runStart?.({ seed: o.seed ?? 0, locations: false }, { checkStuck: () => undefined });
  o.scheduler?.startRun?.({ seed: o.seed ?? 0, locations: false });
  gs.set(1, { id: 1, name: 'main', gen: program(sim), pending: 'start', state: 'runnable', resumeValue: 0, reason: 'sync.Mutex.Lock' });
  try {
    while (!ended) {
      wakeJoin();
      const runnable = [...gs.values()].filter((g) => g.state === 'runnable').sort((a, b) => a.id - b.id);
      if (runnable.length === 0) {
        findings.push({ kind: 'deadlock', message: 'all goroutines are asleep - deadlock!', text: 'deadlock', goroutines: [...gs.keys()] });
        break;
      }
      if (steps >= maxSteps) {
        findings.push({ kind: 'step-limit', message: `step limit ${maxSteps}`, text: 'step limit', goroutines: [] });
        break;
      }
      const views: GoroutineView[] = runnable.map((g) => ({ id: g.id, name: g.name, op: opView(g.pending) }));
      const choice = runnable.length >= 2 ? decide('goroutine', runnable.length, views) : 0;
      const g = runnable[choice]!;
      current = g.id;
      // As in core: the next decision's `current` is this goroutine only if it reaches a scheduling point.
      reached = 0;
      for (const m of monitors) m.step?.(steps, g.id, opView(g.pending));
      steps++;
      const value = perform(g);
      if (value === 'blocked') continue;
      let res: IteratorResult<Op, void>;
      try {
        res = g.gen.next(value);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        findings.push({ kind: 'panic', message: `panic: ${message}`, text: message, goroutines: [g.id] });
        break;
      }
      if (res.done === true) {
        g.state = 'done';
        for (const m of monitors) m.exit?.(g.id);
        if (g.id === 1) break;
      } else {
        g.pending = res.value;
        reached = g.id;
      }
    }
  } catch (e) {
    if (!(e instanceof Divergence)) throw e;
    findings.push({ kind: 'nondeterminism', message: e.message, text: e.message, goroutines: [] });
  }
  ended = true;
  const mainDone = gs.get(1)?.state === 'done';
  if (mainDone && (o.leaks ?? true)) {
    for (const g of gs.values()) {
      if (g.state === 'blocked') findings.push({ kind: 'leak', message: `goroutine ${g.id} leaked`, text: 'leak', goroutines: [g.id] });
    }
  }
  const blocked = [...gs.values()].filter((g) => g.state !== 'done').map((g) => ({
    id: g.id, name: g.name, reason: g.state === 'runnable' ? ('runnable' as const) : g.reason,
    objects: [], createdBy: 0, createdAt: undefined, blockedAt: undefined,
  }));
  for (const m of monitors) {
    const extra = m.runEnd?.({ steps, virtualTimeMs: 0, findings, blocked });
    if (extra) findings.push(...extra);
  }
  const result: RunResult = { ok: findings.length === 0, findings, steps, virtualTimeMs: 0, schedule: encode(entries) };
  o.scheduler?.endRun?.(result);
  return result;
}

class Divergence extends Error {}

const KIND_LETTER: Record<DecisionKind, string> = { goroutine: 'g', select: 's', timer: 't', random: 'r' };

function encode(entries: readonly { kind: DecisionKind; options: number; choice: number }[]): string {
  return `sim1.${entries.map((e) => `${KIND_LETTER[e.kind]}${e.options}-${e.choice}`).join('.')}`;
}

function decode(token: string): { kind: DecisionKind; options: number; choice: number }[] {
  const parts = token.split('.');
  if (parts[0] !== 'sim1') throw new Error(`bad sim token ${token}`);
  return parts.slice(1).filter((p) => p !== '').map((p) => {
    const m = /^([gstr])(\d+)-(\d+)$/.exec(p);
    if (m === null) throw new Error(`bad sim token part ${p}`);
    const kind = (Object.keys(KIND_LETTER) as DecisionKind[]).find((k) => KIND_LETTER[k] === m[1])!;
    return { kind, options: Number(m[2]), choice: Number(m[3]) };
  });
}
