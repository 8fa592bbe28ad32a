/**
 * The baseline of the ping-pong benchmarks: a baton handed back and forth
 * between two plain async functions through promises. One round trip is two
 * hand-offs (each: resolve the other side's promise, await your own).
 */
import type { Row } from './types.ts';

/**
 * Wall-clock ms for `n` round trips of the baton.
 *
 * @example
 * ```ts
 * const perSecond = (100_000 / (await batonRoundTrips(100_000))) * 1000;
 * ```
 */
export async function batonRoundTrips(n: number): Promise<number> {
  const wake: [(() => void) | undefined, (() => void) | undefined] = [undefined, undefined];
  const park = (side: 0 | 1): Promise<void> => new Promise<void>((resolve) => { wake[side] = resolve; });
  const hand = (to: 0 | 1): void => {
    const w = wake[to];
    wake[to] = undefined;
    if (w === undefined) throw new Error('baton lost');
    w();
  };
  const t0 = performance.now();
  const ponger = (async () => {
    for (let i = 0; i < n; i++) {
      await park(1);
      hand(0);
    }
  })();
  for (let i = 0; i < n; i++) {
    const mine = park(0);
    hand(1);
    await mine;
  }
  await ponger;
  return performance.now() - t0;
}

/**
 * The median of `xs` (the mean of the two middle values for an even count).
 *
 * @example
 * ```ts
 * median([3, 1, 2]); // 2
 * ```
 */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** What {@link alternate} measured: rates (round trips per second) and the ratio ours/baton. */
export interface Alternated {
  ours: number;
  baton: number;
  ratio: number;
}

/**
 * Both sides of a ratio in one process: a warm-up of each, then `rounds` rounds
 * of `n` round trips, ours then the baton's. Rates are the medians of the
 * rounds; the ratio is the median of the per-round ratios (neighbouring
 * measurements, so a loaded machine's drift mostly cancels).
 *
 * @example
 * ```ts
 * const m = await alternate(channelRoundTrips, batonRoundTrips, 100_000, 7);
 * m.ratio >= 0.3;
 * ```
 */
export async function alternate(
  ours: (n: number) => Promise<number>, baton: (n: number) => Promise<number>, n: number, rounds: number,
): Promise<Alternated> {
  await ours(n / 4);
  await baton(n / 4);
  const a: number[] = [];
  const b: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const x = (n / Math.max(await ours(n), 1e-3)) * 1000;
    const y = (n / Math.max(await baton(n), 1e-3)) * 1000;
    a.push(x);
    b.push(y);
    ratios.push(x / y);
  }
  return { ours: median(a), baton: median(b), ratio: median(ratios) };
}

/**
 * A table row for a ratio against its target, printed as a percentage.
 *
 * @example
 * ```ts
 * percentRow('ping-pong: round trips vs the baton', 0.31, 0.3); // verdict 'pass'
 * ```
 */
export function percentRow(benchmark: string, ratio: number, target: number): Row {
  return {
    benchmark,
    value: `${(ratio * 100).toFixed(1)}%`,
    unit: '% of raw',
    reference: `>= ${target * 100}%`,
    verdict: ratio >= target ? 'pass' : 'FAIL',
  };
}
