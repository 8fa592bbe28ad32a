/**
 * @interleave/explorer: runs an @interleave/core program under many schedules
 * (random, PCT, exhaustive with partial-order reduction, or the default
 * portfolio), reports failures with a shrunk schedule, its interleaving and a
 * replay token, and replays tokens. This list is the package's only export.
 */
export { explore, exploreWith, DEFAULT_SCHEDULES } from './explore.ts';
export { replay, replayWith, type ReplayOptions } from './replay.ts';
export type { Coverage, DecisiveChoice, ExploreOptions, ExploreProgress, ExploreResult, ExploreStats, Failure, ProgramModule, ScheduleShard, ShardCoverage } from './types.ts';
export { strategies, type StrategyName } from './strategies/index.ts';
export type { ScheduleContext, Strategy, StrategyFactory, StrategyOptions } from './strategies/types.ts';
export { ExhaustiveStrategy, exhaustiveStrategy } from './strategies/exhaustive.ts';
export { PctScheduler, pctStrategy } from './strategies/pct.ts';
export { portfolioStrategy } from './strategies/portfolio.ts';
export { randomScheduler, randomStrategy } from './strategies/random.ts';
export { Recorder, type DecisionRecord, type StepRecord } from './trace/recorder.ts';
export { encodeToken, decodeToken, type ReplayToken } from './token.ts';
export { shrinkSchedule, guidedScheduler } from './shrink.ts';
export { coreEngine, type Engine } from './core.ts';
export { recordTimeline, recordTimelineWith, type TimelineFailure, type TimelineOptions } from './timeline/record.ts';
export { timelineHtml } from './timeline/html.ts';
export { TimelineMonitor, MAX_TIMELINE_STEPS } from './timeline/monitor.ts';
export type { SourceSnippet, Timeline, TimelineAccess, TimelineEdge, TimelineLane, TimelineStep, TimelineTrace } from './timeline/types.ts';
