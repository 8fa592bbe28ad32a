/**
 * Production-mode channel ping-pong: two goroutines bounce a value over two
 * unbuffered channels outside any run (the real event loop, as shipped code runs),
 * against a raw promise baton between two plain async functions, in the same process.
 *
 * Definition of a round trip: ping.send + pong.recv on one side (and the matching
 * ping.recv + pong.send on the other); the baton's round trip is two hand-offs (each:
 * resolve the other side's promise, await your own). Rounds alternate between the two,
 * after a warm-up; each rate is the median of its rounds, and the ratio the median of
 * the rounds' ratios (each round pairs two neighbouring measurements, which cancels
 * most of a noisy machine's drift).
 * Target: production mode reaches >= 50% of the baton's round trips per second.
 */
import { chan, go } from '@interleave/core';
import { alternate, batonRoundTrips, percentRow } from './baton.ts';
import type { BenchOptions, BenchOutput, Benchmark } from './types.ts';

const TARGET_RATIO = 0.5;

/** Wall-clock ms for `n` round trips through production-mode channels. */
async function channelRoundTrips(n: number): Promise<number> {
  const ping = chan<number>();
  const pong = chan<number>();
  go(async () => {
    for (let i = 0; i < n; i++) await pong.send((await ping.recv()) as number);
  }, 'ponger');
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    await ping.send(i);
    await pong.recv();
  }
  return performance.now() - t0;
}

export const productionPingPong: Benchmark = {
  name: 'production',
  description: 'production-mode (outside run) channel ping-pong round trips/s vs a raw promise baton',
  async run(options: BenchOptions): Promise<BenchOutput> {
    const n = Number(options.get('production-round-trips') ?? 200_000);
    const rounds = Number(options.get('production-rounds') ?? 7);
    const m = await alternate(channelRoundTrips, batonRoundTrips, n, rounds);
    return {
      rows: [
        { benchmark: 'production: channel ping-pong', value: Math.round(m.ours), unit: 'round trips/s', reference: 'see ratio', verdict: 'info' },
        { benchmark: 'production: raw promise baton', value: Math.round(m.baton), unit: 'round trips/s', reference: 'baseline', verdict: 'info' },
        percentRow('production: channels vs baton', m.ratio, TARGET_RATIO),
      ],
      notes: [
        `production: one round trip = ping.send + pong.recv between two goroutines on unbuffered channels, outside any run; ` +
          `the baton's = two promise hand-offs. ${rounds} alternating rounds of ${n.toLocaleString('en-US')} round trips after a warm-up; rates are medians of the rounds, ` +
          'the ratio is the median of the per-round ratios ' +
          '(--production-round-trips=N, --production-rounds=N).',
      ],
    };
  },
};
