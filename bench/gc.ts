/**
 * Garbage collection and heap measurement for memory benchmarks. Uses
 * `globalThis.gc` when node runs with `--expose-gc`, otherwise enables the flag
 * at run time and fetches `gc` from a fresh V8 context (so `pnpm bench` works
 * with a plain `tsx bench/index.ts`).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type Gc = () => void;

function resolveGc(): Gc {
  const exposed = (globalThis as { gc?: unknown }).gc;
  if (typeof exposed === 'function') return exposed as Gc;
  setFlagsFromString('--expose-gc');
  const fromContext: unknown = runInNewContext('gc');
  if (typeof fromContext !== 'function') throw new Error('cannot expose gc(); run node with --expose-gc');
  return fromContext as Gc;
}

let gcFn: Gc | undefined;

/** Runs a few full collections (finalizers and weak refs settle between them). */
export function collect(): void {
  gcFn ??= resolveGc();
  for (let i = 0; i < 3; i++) gcFn();
}

/** Heap bytes in use after a full collection. */
export function heapAfterGc(): number {
  collect();
  return process.memoryUsage().heapUsed;
}

/** Heap bytes in use plus the bytes of ArrayBuffers (typed arrays live outside the heap), after a full collection. */
export function memoryAfterGc(): number {
  collect();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}
