import { describe, expect, it } from 'vitest';
import { run, go, chan, select, recv, send, otherwise } from '@interleave/core';
import { kinds, runSeeds } from './helpers.ts';

describe('select', () => {
  it('takes otherwise when no case is ready', async () => {
    const r = await run(async () => {
      const ch = chan<number>();
      expect(await select(recv(ch, () => 'got'), otherwise(() => 'default'))).toBe('default');
    });
    expect(r.ok).toBe(true);
  });

  it('chooses among several ready cases through the scheduler: every case is reachable', async () => {
    const seen = new Set<string>();
    await runSeeds(async () => {
      const a = chan<number>(1);
      const b = chan<number>(1);
      await a.send(1);
      await b.send(2);
      seen.add(await select(recv(a, () => 'a'), recv(b, () => 'b')));
    }, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...seen].sort()).toEqual(['a', 'b']);
  });

  it('parks on every channel and is woken by the first partner', async () => {
    for (const r of await runSeeds(async () => {
      const a = chan<number>();
      const b = chan<number>();
      go(() => b.send(7));
      const got = await select(recv(a, (v) => ['a', v]), recv(b, (v) => ['b', v]));
      expect(got).toEqual(['b', 7]);
    })) expect(r.findings).toEqual([]);
  });

  it('a send case completes when a receiver arrives', async () => {
    for (const r of await runSeeds(async () => {
      const out = chan<number>();
      go(async () => {
        expect(await out.recv()).toBe(5);
      });
      expect(await select(send(out, 5, () => 'sent'))).toBe('sent');
    })) expect(r.ok).toBe(true);
  });

  it('a receive case on a closed channel is ready with ok = false', async () => {
    const r = await run(async () => {
      const ch = chan<number>();
      ch.close();
      expect(await select(recv(ch, (v, ok) => [v, ok]))).toEqual([undefined, false]);
    });
    expect(r.ok).toBe(true);
  });

  it('a select with no cases blocks forever', async () => {
    const r = await run(async () => {
      await select();
    });
    expect(kinds(r)).toEqual(['deadlock']);
    expect(r.findings[0]!.text).toContain('goroutine 1 [select (no cases)]');
  });
});
