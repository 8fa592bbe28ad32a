/**
 * @interleave/explorer/fast-check: property-based concurrency testing with
 * fast-check. A property's generated inputs and the schedule it runs under are
 * generated, and shrunk, together; a failure carries the report and a replay
 * token. A separate entry point, so that `@interleave/explorer` itself never
 * imports fast-check (an optional peer dependency). This list is the entry's
 * only export.
 */
export { interleaveProperty, type InterleavePropertyOptions } from './property.ts';
export { schedule, type Schedule, type SchedulePick } from './schedule.ts';
export { scheduleArbitrary, type ScheduleConstraints } from './arbitrary.ts';
export { scheduleScheduler } from './scheduler.ts';
export { runSchedule, type ScheduleRunOptions, type ScheduledRun } from './run.ts';
export { InterleaveError, type PropertyFailure } from './failure.ts';
