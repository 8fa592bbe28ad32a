/**
 * Every benchmark, in the order `pnpm bench` runs them: first the rows of issue
 * 14's table, in its order (ping-pong; parked goroutines, heap and time; explore
 * against fast-check at 5,000 and 200 schedules; the race detector on/off; the
 * counter-mutex fixture), then the others. Add a row by writing one file that
 * exports a `Benchmark` and listing it here.
 */
import { counterMutex } from './counter-mutex.ts';
import { dporRate } from './dpor-rate.ts';
import { exploreVsFastCheck } from './explore-vs-fast-check.ts';
import { explorerMemory } from './explorer-memory.ts';
import { explorerWorkers } from './explorer-workers.ts';
import { locatedRerun } from './located-rerun.ts';
import { parkedGoroutines } from './parked-goroutines.ts';
import { pingPong } from './ping-pong.ts';
import { productionPingPong } from './production-ping-pong.ts';
import { promiseAllRow } from './promise-all.ts';
import { raceOverhead } from './race-overhead.ts';
import { shrinkPoller } from './shrink-poller.ts';
import type { Benchmark } from './types.ts';

export const benchmarks: readonly Benchmark[] = [
  pingPong, parkedGoroutines, exploreVsFastCheck, raceOverhead, counterMutex,
  explorerWorkers, explorerMemory, dporRate, locatedRerun, shrinkPoller, productionPingPong, promiseAllRow,
];
