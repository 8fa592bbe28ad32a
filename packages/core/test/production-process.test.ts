/**
 * Production mode at the end of a process: goroutines parked forever when the event
 * loop runs dry give Go's all-asleep report and exit code 2 (unless turned off), and
 * an exception that escapes a goroutine crashes the process. Each case runs a script
 * in a child process.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const core = pathToFileURL(path.join(root, 'packages/core/src/index.ts')).href;
const dir = mkdtempSync(path.join(tmpdir(), 'interleave-production-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `source` (an ES module that may import from `core`) with node and tsx. */
function runScript(name: string, source: string): Promise<Exit> {
  const file = path.join(dir, `${name}.mts`);
  writeFileSync(file, source.replaceAll('CORE', JSON.stringify(core)));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('production mode: a process whose goroutines all block', () => {
  it('prints the all-asleep report with every parked operation and exits with code 2', async () => {
    const r = await runScript('deadlock', `
      import { chan, go, select, recv, sleep, Mutex, WaitGroup } from CORE;
      const jobs = chan<number>(0, 'jobs');
      const wg = new WaitGroup('workers');
      const mu = new Mutex();
      await mu.lock();
      go(async () => { await jobs.recv(); });
      wg.add(1);
      go(() => wg.wait());
      go(() => wg.wait());
      go(() => mu.lock());
      go(() => select(recv(jobs), recv(chan<string>(1))));
      await sleep(5); // a timer: not asleep forever while it is pending
      console.log('main done');
    `);
    expect(r.stdout).toBe('main done\n');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('fatal error: all goroutines are asleep - deadlock!');
    expect(r.stderr).toContain("[chan receive] on chan#1 'jobs'\n");
    expect(r.stderr).toContain("[sync.WaitGroup.Wait] on waitgroup#2 'workers' (x2)\n");
    expect(r.stderr).toContain('[sync.Mutex.Lock] on mutex#3\n');
    expect(r.stderr).toContain("[select] on chan#1 'jobs', chan#4\n");
    expect(r.stderr).toMatch(/5 goroutine operations wait forever/);
    expect(r.stderr).toMatch(/Production mode keeps no source locations.*run\(\) or explore\(\)/);
    expect(r.stderr).toContain('onAllAsleep(undefined)');
  });

  it('onAllAsleep(undefined) turns the report off; a handler gets the parked operations instead', async () => {
    const off = runScript('opt-out', `
      import { chan, go, onAllAsleep } from CORE;
      onAllAsleep(undefined);
      const jobs = chan<number>();
      go(async () => { await jobs.recv(); });
    `);
    const custom = runScript('handler', `
      import { chan, go, onAllAsleep } from CORE;
      const jobs = chan<number>(0, 'jobs');
      go(async () => { await jobs.recv(); });
      onAllAsleep((report) => {
        console.log(JSON.stringify(report.parked));
        console.log(report.text.split('\\n')[0]);
      });
    `);
    const [a, b] = await Promise.all([off, custom]);
    expect(a).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(b.code).toBe(0);
    expect(b.stderr).toBe('');
    expect(b.stdout).toBe(
      '[{"reason":"chan receive","objects":[{"id":1,"kind":"chan","name":"jobs"}]}]\nfatal error: all goroutines are asleep - deadlock!\n',
    );
  });

  it('no report when every goroutine finished, or when a nonzero exit code was already set', async () => {
    const clean = runScript('clean', `
      import { chan, go, sleep, context } from CORE;
      const ch = chan<number>();
      go(async () => { await sleep(5); await ch.send(1); });
      const [ctx, cancel] = context.withTimeout(context.background(), 10);
      await ch.recv();
      await ctx.done().recv();
      cancel();
    `);
    const failing = runScript('exit-code', `
      import { chan, go } from CORE;
      go(async () => { await chan<number>().recv(); });
      process.exitCode = 5;
    `);
    const [a, b] = await Promise.all([clean, failing]);
    expect(a).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(b.code).toBe(5);
    expect(b.stderr).toContain('fatal error: all goroutines are asleep - deadlock!');
  });
});

describe('production mode: a panic', () => {
  it('an exception escaping a goroutine crashes the process with the original error', async () => {
    const r = await runScript('panic', `
      import { chan, go, sleep } from CORE;
      const ch = chan<number>();
      ch.close();
      go(async () => { await ch.send(1); });
      await sleep(1000);
      console.log('not reached');
    `);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Panic: send on closed channel');
    expect(r.stderr).not.toContain('all goroutines are asleep');
  });
});

describe('production mode: timers and the end of the process (Go: a timer alone keeps no program running)', () => {
  it('a timer nobody waits for does not hold the process; one somebody waits for does', async () => {
    const r = await runScript('timers', `
      import { after, afterFunc, chan, go, recv, select, sleep, Ticker } from CORE;
      // The timeout loses the select: its 30 s timer must not keep the process alive.
      const reply = chan<string>(1);
      go(async () => { await sleep(5); await reply.send('reply'); });
      console.log(await select(recv(reply, (v) => v), recv(after(30_000), () => 'timeout')));
      // A ticker a goroutine reads from keeps it alive until it is stopped.
      const t = new Ticker(2);
      for (let i = 0; i < 3; i++) await t.c.recv();
      t.stop();
      console.log('ticked 3 times');
      // A callback scheduled for later, with nobody waiting: as in Go, the program ends first.
      afterFunc(20_000, () => console.log('afterFunc ran'));
    `);
    expect(r).toEqual({ code: 0, stdout: 'reply\nticked 3 times\n', stderr: '' });
  });

  it('a goroutine parked on a channel that a timer callback will feed keeps the process alive until it is fed', async () => {
    const r = await runScript('fed-by-timer', `
      import { afterFunc, chan, go } from CORE;
      const done = chan<string>(0, 'done');
      go(async () => { console.log(await done.recv()); });
      afterFunc(30, () => { go(() => done.send('fed')); });
    `);
    expect(r).toEqual({ code: 0, stdout: 'fed\n', stderr: '' });
  });
});
