/**
 * The portfolio does not get worse with budget: its parts take turns by the
 * schedule index alone, so a bug found at schedule k with a budget of 100 is
 * found at schedule k with 1,000 and 10,000 too (the factor is 1), and a small
 * space is covered after the same number of schedules whatever the budget.
 * The figures are the table in docs/explorer.md ("Budgets").
 */
import type { Program } from '@interleave/core';
import { fixtures } from '@interleave/fixtures';
import { describe, expect, it } from 'vitest';
import { explore } from '../../src/index.ts';
import { portfolioPart } from '../../src/strategies/portfolio.ts';
import { lastStartsFirst, philosophers, reportInOrder } from '../support/bug-programs.ts';
import { abba, lostUpdate, lostUpdate3 } from '../support/programs-core.ts';
import { readersWriters, twoOps } from '../support/benchmarks.ts';
import { reverseFinish, small } from '../workers/programs.ts';

const BUDGETS = [100, 1000, 10_000];

const bugs: [string, Program, boolean][] = [
  ['lost update', lostUpdate, false],
  ['lost update, 3 workers', lostUpdate3, false],
  ['AB-BA deadlock', abba, false],
  ['last of 3 starts first', lastStartsFirst(3), false],
  ['last of 4 starts first', lastStartsFirst(4), false],
  ['last of 5 starts first', lastStartsFirst(5), false],
  ['3 dining philosophers', philosophers(3), false],
  ['5 dining philosophers', philosophers(5), false],
  ['reports in order, else a leak', reportInOrder(), false],
  ['4 goroutines finish in reverse order', reverseFinish, false],
  ...fixtures.filter((f) => f.expect.length > 0).map((f): [string, Program, boolean] => [`fixture ${f.name}`, f.program, f.race ?? false]),
];

async function firstFailure(program: Program, race: boolean, schedules: number): Promise<number | undefined> {
  const r = await explore(program, { schedules, race, shrink: false, seed: 0 });
  return r.failure?.schedule;
}

describe('the portfolio under budgets of 100, 1,000 and 10,000 schedules', () => {
  for (const [name, program, race] of bugs) {
    it(`${name}: found at the same schedule with every budget`, async () => {
      const found: (number | undefined)[] = [];
      for (const budget of BUDGETS) found.push(await firstFailure(program, race, budget));
      expect(found[0], 'found within 100 schedules').toBeDefined();
      expect(found).toEqual(BUDGETS.map(() => found[0]));
    });
  }

  const spaces: [string, Program, number][] = [
    ['two stores', twoOps(true, 'store', 'store'), 2],
    // 2 traces (which worker locks first): a blocked lock is no event, and the dones commute.
    ['two locked increments', small, 2],
    ['readers-writers(2, 2)', readersWriters(2, 2), 18],
  ];
  for (const [name, program, classes] of spaces) {
    it(`${name}: covered after 2·${classes} − 1 schedules with every budget`, async () => {
      for (const budget of BUDGETS) {
        const r = await explore(program, { schedules: budget, sharedState: 'objects' });
        expect(r, `budget ${budget}`).toMatchObject({ ok: true, exhausted: true, schedules: 2 * classes - 1 });
        expect(r.stats.classes).toBe(classes);
      }
    });
  }
});

describe('which part runs a schedule', () => {
  it('exhaustive on even indexes while it has runs; PCT and random by turns on the rest', () => {
    expect(Array.from({ length: 8 }, (_, i) => portfolioPart(i, true))).toEqual(
      ['exhaustive', 'pct', 'exhaustive', 'random', 'exhaustive', 'pct', 'exhaustive', 'random'],
    );
    expect(Array.from({ length: 8 }, (_, i) => portfolioPart(i, false))).toEqual(
      ['pct', 'pct', 'random', 'random', 'pct', 'pct', 'random', 'random'],
    );
  });
});
