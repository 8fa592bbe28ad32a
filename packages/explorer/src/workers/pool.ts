/**
 * Starting worker threads that can load TypeScript: each worker first
 * registers tsx's ESM hooks (`tsx/esm/api`'s `register`), then imports
 * worker.ts, which imports the program's module. (`execArgv: ['--import',
 * 'tsx']` does not reach a worker's entry on Node 20, hence the small
 * bootstrap.) Every message and error of every worker lands in one queue that
 * the coordinator awaits.
 *
 * Invariant: a worker runs its tasks one at a time, in the order posted;
 * `tasks` lists those posted and not yet `done`, the running one first.
 */
import { Worker } from 'node:worker_threads';
import type { Task, WorkerInit, WorkerMessage } from './protocol.ts';

/**
 * One worker and its tasks (the running one first, then those queued behind it).
 *
 * @example
 * ```ts
 * const pool = new Pool(init, 2);
 * pool.handles[0]!.tasks.length; // 0: idle
 * ```
 */
export interface Handle {
  readonly worker: Worker;
  readonly tasks: Task[];
}

/**
 * Something that happened in a worker.
 *
 * @example
 * ```ts
 * const event: PoolEvent = await pool.next();
 * if (event.message.type === 'items') { ... }
 * ```
 */
export interface PoolEvent {
  readonly handle: Handle;
  readonly message: WorkerMessage;
}

/**
 * The URL of tsx's ESM API, resolved from this package.
 *
 * @example
 * ```ts
 * tsxApi(); // 'file:///.../tsx/dist/esm/api/index.mjs'
 * ```
 */
export function tsxApi(): string {
  try {
    return import.meta.resolve('tsx/esm/api');
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new Error(`explore({ workers }) needs tsx to load TypeScript in worker threads (add it: pnpm add -D tsx): ${why}`);
  }
}

/**
 * A set of workers for one exploration.
 *
 * @example
 * ```ts
 * const pool = new Pool(init, 2);
 * pool.post(pool.handles[0]!, { type: 'chunk', id: 1, from: 0, to: 32, pct: { n: 2, k: 16 } });
 * const event = await pool.next();
 * await pool.close();
 * ```
 */
export class Pool {
  readonly handles: Handle[] = [];
  private readonly events: PoolEvent[] = [];
  private wake: (() => void) | undefined;
  private closed = false;
  private interrupted = false;

  constructor(init: WorkerInit, count: number) {
    // Next to this file: worker.ts in the sources, worker.js in the build.
    const entry = new URL(`./worker${import.meta.url.slice(import.meta.url.lastIndexOf('.'))}`, import.meta.url).href;
    const code = `import(${JSON.stringify(tsxApi())}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
    for (let i = 0; i < count; i++) {
      const handle: Handle = { worker: new Worker(code, { eval: true, workerData: init }), tasks: [] };
      handle.worker.on('message', (message: WorkerMessage) => this.push({ handle, message }));
      handle.worker.on('error', (err: Error) => this.push({ handle, message: { type: 'error', message: err.message, stack: err.stack } }));
      handle.worker.on('exit', (code: number) => {
        if (!this.closed) this.push({ handle, message: { type: 'error', message: `a worker thread exited (code ${code})`, stack: undefined } });
      });
      this.handles.push(handle);
    }
  }

  /** Gives `handle` a task (it runs after those it already has). */
  post(handle: Handle, task: Task): void {
    handle.tasks.push(task);
    handle.worker.postMessage(task);
  }

  /** Whether any worker has a task. */
  get busy(): boolean {
    return this.handles.some((h) => h.tasks.length > 0);
  }

  /** The next event (waits for one); undefined once {@link Pool.interrupt} was called. */
  async next(): Promise<PoolEvent | undefined> {
    while (this.events.length === 0 && !this.interrupted) await new Promise<void>((resolve) => (this.wake = resolve));
    return this.interrupted ? undefined : this.events.shift();
  }

  /** Makes `next` return undefined from now on (the deadline passed, or the exploration was aborted). */
  interrupt(): void {
    this.interrupted = true;
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** Stops every worker, in the middle of a schedule if need be. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.handles.map((h) => h.worker.terminate()));
  }

  private push(event: PoolEvent): void {
    if (this.closed) return;
    this.events.push(event);
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
