/**
 * Counting helper: explores a simulated program exhaustively and reports the
 * executions run, the classes (complete DPOR runs) and the distinct
 * Mazurkiewicz traces seen (fingerprints).
 */
import { exploreWith } from '../../src/explore.ts';
import { simEngine, type SimOptions, type SimProgram } from './sim.ts';

export interface Counts {
  schedules: number;
  classes: number;
  distinct: number;
  sleepBlocked: number;
  exhausted: boolean;
  ok: boolean;
}

export async function countExecutions(
  program: SimProgram, options: { por?: boolean; maxPreemptions?: number; sim?: SimOptions; schedules?: number } = {},
): Promise<Counts> {
  const r = await exploreWith(simEngine(options.sim), program, {
    strategy: 'exhaustive', schedules: options.schedules ?? 200_000, shrink: false, stopOnFirstFailure: false, sharedState: 'objects',
    por: options.por ?? true, maxPreemptions: options.maxPreemptions,
  });
  return {
    schedules: r.schedules, classes: r.stats.strategy['classes'] ?? -1, distinct: r.stats.classes,
    sleepBlocked: r.stats.strategy['sleepBlocked'] ?? -1, exhausted: r.exhausted, ok: r.ok,
  };
}
