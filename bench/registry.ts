/**
 * Every benchmark, in the order `pnpm bench` runs them. Add a row by writing
 * one file that exports a `Benchmark` and listing it here.
 */
import { dporRate } from './dpor-rate.ts';
import { explorerMemory } from './explorer-memory.ts';
import { explorerRate } from './explorer-rate.ts';
import { explorerWorkers } from './explorer-workers.ts';
import { locatedRerun } from './located-rerun.ts';
import { parkedGoroutines } from './parked-goroutines.ts';
import { pingPong } from './ping-pong.ts';
import { productionPingPong } from './production-ping-pong.ts';
import { raceOverhead } from './race-overhead.ts';
import { shrinkPoller } from './shrink-poller.ts';
import type { Benchmark } from './types.ts';

export const benchmarks: readonly Benchmark[] = [pingPong, parkedGoroutines, raceOverhead, explorerRate, explorerWorkers, explorerMemory, dporRate, locatedRerun, shrinkPoller, productionPingPong];
