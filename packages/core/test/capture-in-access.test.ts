/**
 * A location captured while monitors are told of a `Shared` access (a race
 * detector reporting it, a run with locations on) is the line of the access in
 * the user's code: the capture starts below the access's entry into interleave
 * (location.ts `accessEntry`), and finds what a walk of the whole stack finds.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WaitGroup, captureSite, formatSite, go, run, shared, type Monitor, type ObjectInfo, type SourceLocation } from '@interleave/core';

/** Captures a location at every access it is told of, and keeps what the run passed along. */
function capturing(): { monitor: Monitor; captured: string[]; passed: string[] } {
  const captured: string[] = [];
  const passed: string[] = [];
  const monitor: Monitor = {
    access(_g: number, object: ObjectInfo, _write: boolean, _atomic: boolean, site?: SourceLocation) {
      if (object.kind !== 'shared') return;
      captured.push(formatSite(captureSite()));
      if (site !== undefined) passed.push(formatSite(site));
    },
  };
  return { monitor, captured, passed };
}

const SOURCE = readFileSync(new URL(import.meta.url), 'utf8');
/** The line of this file that ends with `marker`. */
const lineOf = (marker: string): number => SOURCE.split('\n').findIndex((l) => l.endsWith(marker)) + 1;

async function program(): Promise<void> {
  const hits = shared(0, 'hits');
  const wg = new WaitGroup();
  wg.add(1);
  go(() => {
    hits.value = hits.value + 1; // access: both
    wg.done();
  });
  await wg.wait();
  void hits.value; // access: main
}

describe('a capture inside a Shared access', () => {
  it('is the accessing line, in a run without locations (what a detector asks for)', async () => {
    const { monitor, captured } = capturing();
    await run(program, { seed: 1, monitors: [monitor] });
    const both = lineOf('// access: both');
    const main = lineOf('// access: main');
    expect(captured.map((s) => s.replace(/^.*?:(\d+):\d+$/, '$1'))).toEqual([String(both), String(both), String(main)]);
    expect(captured.every((s) => s.startsWith('packages/core/test/capture-in-access.test.ts:'))).toBe(true);
  });

  it('is the same location a located run passes along with the access', async () => {
    const { monitor, captured, passed } = capturing();
    await run(program, { seed: 1, monitors: [monitor], locations: true });
    expect(passed).toHaveLength(3);
    expect(captured).toEqual(passed);
  });

  it('outside an access, is still the caller in the user\'s code', () => {
    const here = captureSite(); // capture: outside
    expect(here?.line).toBe(lineOf('// capture: outside'));
  });
});
