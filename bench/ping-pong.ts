/**
 * Channel ping-pong inside a run: two goroutines bounce a value over two
 * unbuffered channels, against two plain async functions handing a baton back
 * and forth through promises, in the same process.
 *
 * One round trip = ping.send + pong.recv on one side (ping.recv + pong.send on
 * the other); the baton's round trip is two hand-offs (each: resolve the other
 * side's promise, await your own). Rounds alternate between the two after a
 * warm-up; each rate is the median of its rounds, and the ratio the median of the
 * rounds' ratios (each round pairs two neighbouring measurements, which cancels
 * most of a loaded machine's drift). Run set-up is excluded.
 * Target: round trips per second >= 30% of the baton's.
 */
import { chan, go, run } from '@interleave/core';
import { alternate, batonRoundTrips, percentRow } from './baton.ts';
import type { BenchOptions, BenchOutput, Benchmark } from './types.ts';

const TARGET_RATIO = 0.3;

/** Wall-clock ms for `n` round trips through interleave channels (run setup excluded). */
async function channelRoundTrips(n: number): Promise<number> {
  let elapsed = -1;
  const program = async (): Promise<void> => {
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
    elapsed = performance.now() - t0;
  };
  const r = await run(program, { seed: 1, maxSteps: Number.POSITIVE_INFINITY, leaks: false });
  if (!r.ok) throw new Error(`ping-pong run failed: ${r.findings.map((f) => f.message).join('; ')}`);
  return elapsed;
}

export const pingPong: Benchmark = {
  name: 'ping-pong',
  description: 'channel ping-pong inside a run, round trips/s vs a raw promise baton',
  async run(options: BenchOptions): Promise<BenchOutput> {
    const n = Number(options.get('round-trips') ?? 100_000);
    const rounds = Number(options.get('rounds') ?? 7);
    const m = await alternate(channelRoundTrips, batonRoundTrips, n, rounds);
    return {
      rows: [
        { benchmark: 'ping-pong: interleave channels (in a run)', value: Math.round(m.ours), unit: 'round trips/s', reference: 'see ratio', verdict: 'info' },
        { benchmark: 'ping-pong: raw promise baton', value: Math.round(m.baton), unit: 'round trips/s', reference: 'baseline', verdict: 'info' },
        percentRow('ping-pong: round trips vs the baton', m.ratio, TARGET_RATIO),
      ],
      notes: [
        `ping-pong: one round trip = ping.send + pong.recv between two goroutines of a run on unbuffered channels; the baton's = two promise hand-offs. ` +
          `${rounds} alternating rounds of ${n.toLocaleString('en-US')} round trips after a warm-up; rates are medians of the rounds, the ratio the median of the per-round ratios ` +
          '(--round-trips=N, --rounds=N).',
      ],
    };
  },
};
