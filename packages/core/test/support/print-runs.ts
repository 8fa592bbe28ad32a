/**
 * Prints, as JSON, the full results (findings with report text, steps, virtual
 * time, replay token) of a few programs under a few seeds. The determinism test
 * runs it in two separate processes and compares the output byte for byte.
 */
import { run, go, chan, sleep, shared, Mutex, WaitGroup, select, recv, after, type Program } from '@interleave/core';

const programs: Record<string, Program> = {
  pool: async () => {
    const jobs = chan<number>();
    const results = chan<number>(3);
    const wg = new WaitGroup();
    for (let w = 0; w < 3; w++) wg.go(async () => {
      for await (const j of jobs) await results.send(j * 2);
    });
    go(async () => {
      for (let i = 0; i < 6; i++) await jobs.send(i);
      jobs.close();
    });
    go(async () => {
      await wg.wait();
      results.close();
    });
    for await (const r of results) void r;
  },
  deadlock: async () => {
    const mu = new Mutex();
    const ch = chan<number>();
    go(async () => {
      await mu.lock();
      await ch.send(1);
    }, 'holder');
    await sleep(5);
    await mu.lock();
  },
  leakAndTimeout: async () => {
    const res = chan<string>();
    go(async () => {
      await sleep(2000);
      await res.send('late');
    }, 'fetch');
    await select(recv(res), recv(after(1000)));
  },
  panic: async () => {
    const counter = shared(0, 'counter');
    const wg = new WaitGroup();
    for (let i = 0; i < 3; i++) wg.go(async () => {
      counter.value++;
      await sleep(1);
      if (counter.value === 3) throw new Error(`boom at ${counter.value}`);
    });
    await wg.wait();
  },
};

const out: unknown[] = [];
for (const [name, program] of Object.entries(programs)) {
  for (const seed of [0, 1, 2]) {
    const r = await run(program, { seed });
    out.push({ name, seed, ...r, schedule: r.schedule });
  }
}
process.stdout.write(JSON.stringify(out, null, 1));
