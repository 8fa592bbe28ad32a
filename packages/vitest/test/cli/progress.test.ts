/** The progress line: drawn in place on a TTY, throttled, silent elsewhere. */
import { describe, expect, it } from 'vitest';
import { progressLine } from '../../src/cli/progress.ts';

function fakeStream(isTTY: boolean): { stream: NodeJS.WriteStream; written: string[] } {
  const written: string[] = [];
  const stream = { isTTY, columns: 80, write: (s: string) => written.push(s) > 0 } as unknown as NodeJS.WriteStream;
  return { stream, written };
}

describe('progressLine', () => {
  it('writes nothing when the stream is not a TTY', () => {
    const { stream, written } = fakeStream(false);
    const p = progressLine(stream);
    p.update('x', 10, 0);
    p.done();
    expect(written).toEqual([]);
  });

  it('redraws with \\r at most every 100 ms and erases itself when done', () => {
    const { stream, written } = fakeStream(true);
    let t = 0;
    const p = progressLine(stream, () => t);
    t = 1000;
    p.update('fixtures (1/2)', 500, 1);
    t = 1050;
    p.update('fixtures (1/2)', 520, 1);
    t = 2000;
    p.update('fixtures (2/2)', 1000, 2);
    p.done();
    expect(written).toEqual([
      '\r\u001b[Kfixtures (1/2): 500 schedules, 500/s, 1 failure',
      '\r\u001b[Kfixtures (2/2): 1000 schedules, 500/s, 2 failures',
      '\r\u001b[K',
    ]);
  });
});
