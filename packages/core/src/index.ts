/**
 * @interleave/core: Go's concurrency model on a deterministic, single-threaded
 * cooperative runtime (inside `run`), and on the real event loop outside it
 * (production mode, docs/production.md). One explicit export list.
 */
export { awaitedPlainPromise, run } from './runtime/run.ts';
export type { MonitorOption, RunOptionsWithFactories } from './runtime/run.ts';
export { go, gosched, randomInt } from './runtime/api.ts';
export { onAllAsleep } from './runtime/production.ts';
export type { AllAsleepHandler, AllAsleepReport, ParkedOperation } from './runtime/production.ts';
export { Panic, UsageError } from './runtime/errors.ts';
export { describeThrown, stackOf } from './runtime/thrown.ts';
export { isForeignAwait } from './runtime/report.ts';
export { RandomScheduler } from './runtime/random-scheduler.ts';
export { Alea } from './runtime/alea.ts';
export { encodeSchedule, decodeSchedule } from './runtime/schedule-codec.ts';
export type { ScheduleEntry } from './runtime/schedule-codec.ts';
export { captureSite, formatSite } from './runtime/location.ts';
export { Chan, chan, nilChan } from './chan/chan.ts';
export { select, recv, send, otherwise } from './chan/select.ts';
export type { SelectCase, RecvCase, SendCase, DefaultCase } from './chan/select.ts';
export { Mutex } from './sync/mutex.ts';
export type { Locker } from './sync/mutex.ts';
export { RWMutex } from './sync/rwmutex.ts';
export { WaitGroup } from './sync/waitgroup.ts';
export { Once } from './sync/once.ts';
export { Cond } from './sync/cond.ts';
export { Semaphore } from './sync/semaphore.ts';
export { ErrGroup } from './sync/errgroup.ts';
export { Atomic } from './memory/atomic.ts';
export { Shared, shared } from './memory/shared.ts';
export { sleep, now, after, afterFunc, tick, Timer, Ticker } from './time/time.ts';
export { latency } from './time/latency.ts';
export type { LatencyRange } from './time/latency.ts';
export { VIRTUAL_EPOCH_MS, holdVirtualGlobals } from './runtime/virtual-globals.ts';
export { context } from './context/context.ts';
export type { Context } from './context/context.ts';
export type * from './runtime/types.ts';
