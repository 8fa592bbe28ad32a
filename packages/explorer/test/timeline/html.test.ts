/**
 * The timeline page as text: lanes, steps, happens-before edges, the finding
 * highlighted with its source lines, everything escaped, nothing fetched, and
 * the same page for the same failure.
 */
import { chan, go } from '@interleave/core';
import { describe, expect, it } from 'vitest';
import { explore, MAX_TIMELINE_STEPS, recordTimeline, timelineHtml } from '@interleave/explorer';
import { escapeHtml } from '../../src/timeline/html.ts';
import { page } from './pages.ts';

describe('timelineHtml', () => {
  it('shows both racing accesses with their source lines, escaped', async () => {
    const { failure, timeline, html } = await page('race');
    expect(failure.kind).toBe('race');
    expect(timeline.shrunk.lanes.map((l) => l.name)).toEqual(['main', 'locked', 'unlocked']);
    // The read `if (balance.value < 50)` and the locked write, both highlighted in the finding list.
    expect(html).toContain('read of shared balance by g3 unlocked');
    expect(html).toContain('write of shared balance by g2 locked');
    expect(html).toContain('if (balance.value &lt; 50) return; // reads without the lock');
    expect(html).toContain('balance.value = balance.value - 30;');
    expect(html).not.toContain('balance.value < 50');
    expect(html).not.toMatch(/<script[^>]+src=|<link |https?:\/\//);
    expect(html.match(/class="mark hl/g)?.length).toBeGreaterThanOrEqual(2);
  });

  it('draws the happens-before edges: the spawns, and the hand-off of a channel', async () => {
    const { timeline } = await page('leak');
    const { edges, steps } = timeline.shrunk;
    const at = (i: number): string => steps.find((s) => s.index === i)?.op ?? '?';
    expect(edges.filter((e) => e.kind === 'spawn')).toHaveLength(2);
    const handOff = edges.filter((e) => e.kind === 'sync' && e.label.startsWith('chan'));
    expect(handOff.length).toBeGreaterThanOrEqual(1);
    for (const e of handOff) expect(e.from).toBeLessThan(e.to);
    expect(handOff.map((e) => at(e.from))).toContain('chan.send');
    // Every worker's done before main's wait returns, not only the last one.
    const race = (await page('race')).timeline.shrunk;
    const resume = race.steps.findLast((s) => s.g === 1)!;
    const into = race.edges.filter((e) => e.to === resume.index && e.label.startsWith('waitgroup'));
    expect(into.map((e) => race.steps.find((s) => s.index === e.from)?.g).sort()).toEqual([2, 3]);
  });

  it('points at every goroutine of the deadlock cycle where it blocks, and at the leaked goroutine', async () => {
    const dl = await page('deadlock');
    expect(dl.failure.kind).toBe('deadlock');
    expect(dl.html).toMatch(/g1 main blocks here \[sync\.Mutex\.Lock\] on mutex#\d+/);
    expect(dl.html).toMatch(/g2 inverted blocks here \[sync\.Mutex\.Lock\] on mutex#\d+/);
    expect(dl.html).toContain('await accounts.a.lock();');
    const lk = await page('leak');
    expect(lk.failure.kind).toBe('leak');
    expect(lk.html).toMatch(/g\d worker-\d blocks here \[chan send\]/);
    expect(lk.html).toContain('is still waiting [chan send]');
  });

  it('draws a channel deadlock cycle: each goroutine waits for the partner that last did the other side on its channel', async () => {
    const { failure, timeline, html } = await page('channel-cycle');
    expect(failure.kind).toBe('deadlock');
    const steps = timeline.shrunk.steps;
    const lane = (name: string): number => timeline.shrunk.lanes.find((l) => l.name === name)!.id;
    const [client, server] = [lane('client'), lane('server')];
    const lastOp = (g: number, op: string): number => steps.filter((s) => s.g === g && s.op === op).at(-1)!.index;
    expect(html).toMatch(new RegExp(`g${client} client blocks here \\[chan receive\\] on chan#\\d+, waits for g${server} server, which last sent on it in step ${lastOp(server, 'chan.send') + 1}`));
    expect(html).toMatch(new RegExp(`g${server} server blocks here \\[chan receive\\] on chan#\\d+, waits for g${client} client, which last sent on it in step ${lastOp(client, 'chan.send') + 1}`));
    // Two waits-for arrows: the cycle.
    expect(html.match(/class="edge edge-waits"/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
    expect(html).toContain('(the other side of its channel)');
  });

  it('keeps the schedule as found next to the shrunk one when shrinking changed it, and only then', async () => {
    const { failure, timeline, html } = await page('deadlock');
    expect(failure.original.replay).not.toBe(failure.replay);
    expect(timeline.original?.replay).toBe(failure.original.replay);
    expect(timeline.original?.findings[0]?.kind).toBe('deadlock');
    expect(html).toContain('id="trace-original" data-trace="original" hidden');
    expect(html).toContain('aria-pressed="false"');
    const race = await page('race');
    expect(race.failure.original.replay).toBe(race.failure.replay);
    expect(race.timeline.original).toBeUndefined();
    expect(race.html).toContain('Shrinking kept the schedule as found');
  });

  it('is the same page for the same failure', async () => {
    const a = await page('race');
    const b = await page('race');
    expect(b.html).toBe(a.html);
    expect(timelineHtml(JSON.parse(JSON.stringify(a.timeline)))).toBe(a.html);
  });

  it('points at the step of a panic, with the line that threw', async () => {
    const panics = async (): Promise<void> => {
      const ch = chan<number>(1);
      go(async () => {
        const n = (await ch.recv()) ?? 0;
        if (n > 0) throw new Error(`bad value ${n}`);
      }, 'checker');
      await ch.send(1);
      await chan<void>().recv();
    };
    const { failure } = await explore(panics, { schedules: 10 });
    expect(failure?.kind).toBe('panic');
    const html = timelineHtml(await recordTimeline(panics, failure!));
    expect(html).toMatch(/g2 checker panics in this step at <code>packages\/explorer\/test\/timeline\/html\.test\.ts:\d+:\d+<\/code>/);
    // The heading names the kind once: `panic: Error: bad value 1`, not `panic: panic: …`.
    expect(html).toContain('<strong>panic</strong>: Error: bad value 1');
    expect(html).toContain('if (n &gt; 0) throw new Error(`bad value ${n}`);');
  });

  it('keeps the last steps of a long run, and only edges between kept steps', async () => {
    const long = async (): Promise<void> => {
      const ch = chan<number>();
      go(async () => { for (let i = 0; i <= 1000; i++) await ch.send(i); }, 'producer');
      for (let i = 0; i < 1000; i++) await ch.recv(); // the last send is never received: a leak
    };
    const { failure } = await explore(long, { schedules: 1 });
    expect(failure?.kind).toBe('leak');
    const { shrunk } = await recordTimeline(long, failure!);
    expect(shrunk.total).toBe(failure!.steps);
    expect(shrunk.steps).toHaveLength(MAX_TIMELINE_STEPS);
    expect(shrunk.first).toBe(shrunk.total - MAX_TIMELINE_STEPS);
    expect(shrunk.steps.every((s, k) => s.index === shrunk.first + k)).toBe(true);
    expect(shrunk.edges.every((e) => e.from >= shrunk.first && e.from < e.to)).toBe(true);
    expect(timelineHtml({ title: 'long', kind: 'leak', message: '', text: '', goroutines: [2], shrunk, sources: {} }))
      .toContain(`The run took ${shrunk.total} steps; the last ${MAX_TIMELINE_STEPS} are shown.`);
  });

  it('escapes what HTML needs escaped', () => {
    expect(escapeHtml(`<script>"a" & 'b'</script>`)).toBe('&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;');
  });
});
