/** What a replay says when its token does not fit: true at every decision, the same with and without locations. */
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { run, gosched, decodeSchedule, encodeSchedule, UsageError, WaitGroup, type Program } from '@interleave/core';

/** `n` goroutines that each yield twice. */
function yielders(n: number): Program {
  return async () => {
    const wg = new WaitGroup();
    for (let i = 0; i < n; i++) wg.go(async () => { await gosched(); await gosched(); });
    await wg.wait();
  };
}

const messages = async (p: Program, replay: string, locations?: boolean): Promise<string[]> =>
  (await run(p, locations === undefined ? { replay } : { replay, locations })).findings.map((f) => f.message);

describe('replay mismatch messages', () => {
  it("another program's token: the decision where they parted, in the documented words, located or not; its own token: no finding", async () => {
    const token = (await run(yielders(3), { seed: 3 })).schedule;
    // Both programs start with a spawn-order decision between main and its first goroutine
    // (the same kind and options); they part where the one-goroutine program ends.
    const expected = ['replay token does not fit the program at decision 3: the program ended at step 7 after 2 decisions, but the token holds 11'];
    for (const locations of [undefined, true, false]) expect(await messages(yielders(1), token, locations)).toEqual(expected);
    expect(await messages(yielders(3), token)).toEqual([]);
  });

  it('a program that ends before the token does: says so once (no false "replaying its own schedule diverged"); a token used up exactly: nothing', async () => {
    const token = (await run(yielders(3), { seed: 3 })).schedule;
    const n = decodeSchedule(token).length;
    for (const locations of [undefined, true, false]) {
      expect(await messages(async () => {}, token, locations)).toEqual([`replay token does not fit the program at decision 1: the program ended at step 1 after 0 decisions, but the token holds ${n}`]);
    }
    expect(await messages(async () => {}, encodeSchedule([]))).toEqual([]);
  });

  it('a token that ends early: the decision the program asked for; the full token: nothing', async () => {
    const full = decodeSchedule((await run(yielders(3), { seed: 3 })).schedule);
    const short = encodeSchedule(full.slice(0, 2));
    for (const locations of [undefined, true]) {
      const [m] = await messages(yielders(3), short, locations);
      expect(m).toMatch(/^replay token does not fit the program at decision 3: the token ends after 2 decisions, the program asks for one more among \d runnable goroutines \([\d, ]+\) at step \d+$/);
    }
    expect(await messages(yielders(3), encodeSchedule(full))).toEqual([]);
  });

  it('a token of another version names both versions; a token of this version replays', async () => {
    const token = (await run(yielders(2), { seed: 1 })).schedule;
    const other = token.replace(/^il1\./, 'il2.');
    await expect(run(yielders(2), { replay: other })).rejects.toThrow('interleave: replay token of another version: it starts with "il2.", this @interleave/core reads "il1." tokens');
    await expect(run(yielders(2), { replay: other })).rejects.toThrow(UsageError);
    await expect(run(yielders(2), { replay: 'hello' })).rejects.toThrow('interleave: not a replay token (expected it to start with "il1."): hello');
    expect((await run(yielders(2), { replay: token })).ok).toBe(true);
  });

  it('a crafted 60-million-decision token (about 155 KB) is rejected at the bound before its decisions are stored; one at the bound decodes', async () => {
    const decisions = 60_000_000;
    const token = `il1.${deflateRawSync(Buffer.alloc(2 * decisions, Buffer.from([0x08, 0x00])), { level: 9 }).toString('base64url')}`;
    expect(token.length).toBeLessThan(200_000);
    await expect(run(yielders(1), { replay: token })).rejects.toThrow('interleave: replay token holds more than 4,000,000 decisions, more than this run can replay');
    await expect(run(yielders(1), { replay: token, maxSteps: 100 })).rejects.toThrow('more than 1,000,000 decisions');
    expect(() => decodeSchedule(token, 10)).toThrow('more than 10 decisions');
    const atBound = `il1.${deflateRawSync(Buffer.alloc(2 * 10, Buffer.from([0x08, 0x00]))).toString('base64url')}`;
    expect(decodeSchedule(atBound, 10)).toHaveLength(10);
  });
});
