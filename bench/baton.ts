/**
 * The baseline of the ping-pong benchmarks: a baton handed back and forth
 * between two plain async functions through promises. One round trip is two
 * hand-offs (each: resolve the other side's promise, await your own).
 */

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
