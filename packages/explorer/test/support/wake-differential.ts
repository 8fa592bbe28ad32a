/**
 * The outcome differential for clean wakes: random small programs whose
 * goroutines block on channels, `select`, Mutex, RWMutex, Semaphore and Once
 * (and touch atomics), explored exhaustively with the reduction (under
 * `sharedState: 'objects'`, or the default `'anywhere'`, where every step also
 * writes plain memory) and with plain depth-first search (`por: false`). The reduction
 * may run fewer schedules, never reach fewer outcomes. An outcome is the final
 * value of every atomic plus what each goroutine saw (kept in its own plain
 * array, read by main after the join), or "deadlock".
 *
 * Deterministic: programs come from a seeded linear congruential generator.
 */
import { Atomic, Mutex, Once, RWMutex, Semaphore, WaitGroup, chan, recv, select, send, type Program } from '@interleave/core';
import { explore } from '../../src/index.ts';

/** One operation of a generated goroutine. */
export interface WakeOp {
  readonly k: 'load' | 'add' | 'lock' | 'wlock' | 'rlock' | 'sem' | 'once' | 'send' | 'recv' | 'selrecv' | 'selsend';
  readonly a: number;
}

/** A generated program: per goroutine its operations; channel capacity and Semaphore size. */
export interface WakeSpec {
  readonly goroutines: readonly (readonly WakeOp[])[];
  readonly capacity: number;
  readonly semSize: number;
}

/** Seeded generator (a linear congruential one: determinism, not quality, matters here). */
class Lcg {
  constructor(private seed: number) {}
  next(n: number): number {
    this.seed = (this.seed * 1103515245 + 12345) % 2147483648;
    return (this.seed >> 16) % n;
  }
}

const LOCAL: readonly WakeOp['k'][] = ['load', 'add', 'lock', 'wlock', 'rlock', 'sem', 'once'];

/**
 * The program of seed `seed`: 2 or 3 goroutines of 1 to 3 operations, plus a
 * channel partner for every send (so most programs do not deadlock).
 *
 * @example
 * ```ts
 * const spec = wakeSpec(7);
 * ```
 */
export function wakeSpec(seed: number): WakeSpec {
  const rnd = new Lcg(seed);
  const n = 2 + rnd.next(2);
  const gs: WakeOp[][] = Array.from({ length: n }, () => []);
  for (let g = 0; g < n; g++) {
    const ops = 1 + rnd.next(3);
    for (let i = 0; i < ops; i++) {
      if (rnd.next(4) === 0) {
        // A send and its receiver, in another goroutine.
        const a = rnd.next(2);
        const other = (g + 1 + rnd.next(n - 1)) % n;
        gs[g]!.push({ k: rnd.next(3) === 0 ? 'selsend' : 'send', a });
        gs[other]!.push({ k: rnd.next(2) === 0 ? 'selrecv' : 'recv', a });
      } else {
        gs[g]!.push({ k: LOCAL[rnd.next(LOCAL.length)]!, a: rnd.next(2) });
      }
    }
  }
  return { goroutines: gs, capacity: rnd.next(2), semSize: 1 + rnd.next(2) };
}

/**
 * The program `spec` describes; each finished run adds its outcome to `outcomes`.
 *
 * @example
 * ```ts
 * const seen = new Set<string>();
 * await explore(wakeProgram(wakeSpec(1), seen), { strategy: 'exhaustive' });
 * ```
 */
export function wakeProgram(spec: WakeSpec, outcomes: Set<string>): Program {
  return async () => {
    const xs = [new Atomic(0, 'x0'), new Atomic(0, 'x1')];
    const mu = new Mutex('mu');
    const rw = new RWMutex('rw');
    const sem = new Semaphore(spec.semSize, 'sem');
    const once = new Once('once');
    const cs = [chan<number>(spec.capacity), chan<number>(spec.capacity)];
    const seen: number[][] = spec.goroutines.map(() => []);
    const wg = new WaitGroup();
    spec.goroutines.forEach((ops, g) => wg.go(async () => {
      const mine = seen[g]!;
      for (const op of ops) {
        const x = xs[op.a]!;
        const c = cs[op.a]!;
        switch (op.k) {
          case 'load': mine.push(await x.load()); break;
          case 'add': await x.add(g + 1); break;
          case 'lock': await mu.lock(); await x.store((await x.load()) * 3 + g); mu.unlock(); break;
          case 'wlock': await rw.lock(); await x.store((await x.load()) * 3 + g); rw.unlock(); break;
          case 'rlock': await rw.rLock(); mine.push(await x.load()); rw.rUnlock(); break;
          case 'sem': await sem.acquire(); await x.store((await x.load()) * 3 + g); sem.release(); break;
          case 'once': await once.do(async () => { await x.add(10 * (g + 1)); }); mine.push(await x.load()); break;
          case 'send': await c.send(g); break;
          case 'recv': mine.push((await c.recv()) ?? -1); break;
          case 'selrecv': await select(recv(cs[0]!, (v) => mine.push(100 + (v ?? 0))), recv(cs[1]!, (v) => mine.push(200 + (v ?? 0)))); break;
          case 'selsend': await select(send(cs[0]!, g, () => mine.push(300)), send(cs[1]!, g, () => mine.push(400))); break;
        }
      }
    }));
    await wg.wait();
    outcomes.add(`${await xs[0]!.load()},${await xs[1]!.load()} ${seen.map((s) => s.join('.')).join('|')}`);
  };
}

/** What one program's differential found. */
export interface WakeDifference {
  readonly seed: number;
  /** Outcomes depth-first search reached and the reduction did not. */
  readonly lost: readonly string[];
  readonly dporRuns: number;
  readonly dfsRuns: number;
  /** Depth-first search ran out of its budget: only "every outcome it saw, the reduction saw" was checked. */
  readonly dfsCut: boolean;
}

/**
 * Explores seed `seed`'s program both ways, the reduction under `sharedState`,
 * and returns what the reduction lost.
 *
 * @example
 * ```ts
 * const d = await wakeDifferential(3);
 * if (d.lost.length > 0) console.log(d.lost);
 * ```
 */
export async function wakeDifferential(seed: number, dfsBudget = 20_000, sharedState: 'objects' | 'anywhere' = 'objects'): Promise<WakeDifference> {
  const spec = wakeSpec(seed);
  const options = { strategy: 'exhaustive', stopOnFirstFailure: false, shrink: false, sharedState } as const;
  const withPor = new Set<string>();
  const d = await explore(wakeProgram(spec, withPor), { ...options, schedules: 200_000 });
  if (d.failures?.some((f) => f.message.includes('deadlock'))) withPor.add('deadlock');
  const plain = new Set<string>();
  const f = await explore(wakeProgram(spec, plain), { ...options, por: false, schedules: dfsBudget });
  if (f.failures?.some((x) => x.message.includes('deadlock'))) plain.add('deadlock');
  if (!d.exhausted) throw new Error(`seed ${seed}: the reduction did not finish (${d.schedules} schedules)`);
  return { seed, lost: [...plain].filter((o) => !withPor.has(o)), dporRuns: d.schedules, dfsRuns: f.schedules, dfsCut: !f.exhausted };
}
