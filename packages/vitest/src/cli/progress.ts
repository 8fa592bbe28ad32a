/**
 * The progress line of long explorations: schedules so far, schedules per
 * second, failures so far. Drawn in place with `\r` on a TTY only, at most ten
 * times a second; elsewhere (CI logs) it stays silent.
 */

/** A progress line. `done()` erases it. */
export interface Progress {
  update(label: string, schedules: number, failures: number): void;
  done(): void;
}

/**
 * A progress line on `stream` (nothing when it is not a TTY).
 *
 * @example
 * ```ts
 * const p = progressLine(process.stderr);
 * p.update('racy-counter', 120, 1);
 * p.done();
 * ```
 */
export function progressLine(stream: NodeJS.WriteStream, clock: () => number = () => performance.now()): Progress {
  if (!stream.isTTY) return { update: () => {}, done: () => {} };
  const start = clock();
  let last = -Infinity;
  let drawn = false;
  return {
    update(label, schedules, failures) {
      const t = clock();
      if (t - last < 100) return;
      last = t;
      const rate = schedules / Math.max((t - start) / 1000, 1e-3);
      const text = `${label}: ${schedules} schedules, ${Math.round(rate)}/s, ${failures} failure${failures === 1 ? '' : 's'}`;
      stream.write(`\r\x1b[K${text.slice(0, Math.max((stream.columns || 80) - 1, 20))}`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
    },
  };
}
