/**
 * The worker thread's entry (started by pool.ts, with tsx registered so that it
 * and the program's module can be TypeScript). It imports the program module,
 * then runs the tasks the main thread sends, one at a time, and answers with
 * schedule summaries (see protocol.ts).
 *
 * Invariant: every schedule goes through `runSchedule`, as in `explore`'s own
 * loop, with the same seed, run options and (for the index `i`, given the same
 * PCT estimates) the same scheduler, so it is the in-process schedule.
 */
import { setImmediate as tick } from 'node:timers/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { coreEngine, describeThrown, stackOf, type Program } from '../core.ts';
import { loadDetectors } from '../race.ts';
import { exhaustiveStrategy } from '../strategies/exhaustive.ts';
import { IndexPhase, inSegment } from './plan.ts';
import type { SegmentEnd, Task, WorkerInit, WorkerMessage } from './protocol.ts';
import { runSchedule, summarize, type RunSetup, type ScheduleItem } from './schedule.ts';

/** Segment schedules per message (the main thread commits as they come). */
const BATCH = 256;

const port = parentPort;
if (port === null) throw new Error('workers/worker.ts is a worker thread entry, not a module to import');
const init = workerData as WorkerInit;

function post(message: WorkerMessage): void {
  port!.postMessage(message);
}

function pastDeadline(): boolean {
  return init.deadline !== undefined && performance.timeOrigin + performance.now() >= init.deadline;
}

async function loadProgram(): Promise<Program> {
  const mod = (await import(init.moduleUrl)) as Record<string, unknown>;
  const program = mod[init.exportName];
  if (typeof program !== 'function') {
    const found = program === undefined ? 'no such export' : `a ${typeof program}`;
    throw new Error(`programModule: ${init.moduleUrl} has no function export '${init.exportName}' (${found})`);
  }
  return program as Program;
}

/** The portfolio's exhaustive part, at the indexes its loop in `explore` gives it (0, 2, 4, ...). */
async function segment(setup: RunSetup<Program>, task: Extract<Task, { type: 'segment' }>): Promise<void> {
  const strategy = exhaustiveStrategy({ ...init.plan.options, maxPreemptions: undefined });
  let batch: ScheduleItem[] = [];
  let runs = 0;
  let reason: SegmentEnd['reason'];
  for (;; runs++) {
    const index = 2 * runs;
    if (strategy.exhausted) { reason = 'exhausted'; break; }
    if (index >= task.to) { reason = 'budget'; break; }
    if (pastDeadline()) { reason = 'stopped'; break; }
    if (runs % 64 === 63) await tick();
    const ran = await runSchedule(setup, strategy, index);
    if (ran === undefined) { reason = 'finished'; break; }
    const item = summarize(ran, strategy.nondeterminism);
    ran.recorder.log.release();
    item.exhaustive = { exhausted: strategy.exhausted, stats: strategy.stats() };
    batch.push(item);
    if (item.nondeterminism !== undefined || (item.failure !== undefined && init.stopOnFirstFailure)) {
      runs++;
      reason = 'stopped';
      break;
    }
    if (batch.length >= BATCH) {
      post({ type: 'items', task: task.id, items: batch, done: false });
      batch = [];
    }
  }
  post({ type: 'items', task: task.id, items: batch, done: true, segment: { runs, reason } });
}

/** Indexes of the PCT/random part. */
async function chunk(setup: RunSetup<Program>, task: Extract<Task, { type: 'chunk' }>): Promise<void> {
  const phase = new IndexPhase(init.plan, task.pct);
  const items: ScheduleItem[] = [];
  let ran = 0;
  for (let index = task.from; index < task.to; index += task.step) {
    if (inSegment(init.plan, index, task.exhaustiveUntil)) continue;
    if (pastDeadline()) break;
    if (++ran % 64 === 0) await tick();
    const done = await runSchedule(setup, phase, index);
    if (done === undefined) break;
    const item = summarize(done, undefined);
    done.recorder.log.release();
    if (phase.lastPct !== undefined) item.pct = phase.lastPct;
    items.push(item);
    if (item.failure !== undefined && init.stopOnFirstFailure) break;
  }
  post({ type: 'items', task: task.id, items, done: true });
}

function fail(err: unknown): void {
  // Whatever was thrown (a program module may throw anything): describing it never throws.
  post({ type: 'error', message: describeThrown(err), stack: stackOf(err) });
}

try {
  const setup: RunSetup<Program> = {
    engine: coreEngine(), program: await loadProgram(), base: init.base,
    detectors: init.race ? await loadDetectors() : undefined, seed: init.seed,
    plainState: (init.plan.options.sharedState ?? 'anywhere') === 'anywhere',
  };
  let queue = Promise.resolve();
  port.on('message', (task: Task) => {
    queue = queue.then(() => (task.type === 'segment' ? segment(setup, task) : chunk(setup, task))).catch(fail);
  });
} catch (err) {
  fail(err);
}
