/**
 * Channel cycles in the partial-deadlock detector, on synthetic event streams:
 * a closing cycle asks core for a stuck check; cycles are reported only at the end
 * of a run core proved stuck (a `deadlock`, a `leak`, or a stuck check's partial
 * deadlock), only through partners the events show could complete each wait,
 * never for goroutines that merely parked on the same channel.
 */
import { describe, expect, it } from 'vitest';
import type { BlockedGoroutine, Finding, ObjectInfo, WaitReason } from '../src/core-types.ts';
import { DeadlockMonitor } from '../src/deadlock.ts';
import { Sim } from './sim.ts';

const DEADLOCK: Finding = { kind: 'deadlock', message: 'all goroutines are asleep - deadlock!', text: 'fatal error', goroutines: [1, 2] };
const LEAK: Finding = { kind: 'leak', message: '2 goroutines leaked', text: 'leak', goroutines: [2, 3] };

function at(line: number): BlockedGoroutine['blockedAt'] {
  return { file: 'test/prog.ts', line, col: 3 };
}

/** A goroutine alive at the end: `g` blocked for `reason` on `objects` at line `line`, created by main at line `created`. */
function alive(g: number, reason: WaitReason | 'runnable', objects: ObjectInfo[], line: number, created: number): BlockedGoroutine {
  return { id: g, name: undefined, reason, objects, createdBy: g === 1 ? 0 : 1, createdAt: g === 1 ? undefined : at(created), blockedAt: at(line) };
}

/** Unbuffered send by `sender` that `receiver`, parked in its receive, completes (the sender steps). */
function send(s: Sim, sender: number, receiver: number, ch: ObjectInfo): void {
  s.chanOp(sender, 'chan.send', ch);
  s.handoff(sender, receiver, ch);
}

/** Main starts goroutines 2 and 3 (lines 40, 41); 2 sends on `a` to 3, then 3 sends on `b` to 2: each is the other's partner. */
function exchange(s: Sim, a: ObjectInfo, b: ObjectInfo): void {
  s.go(1, 2, undefined, 40);
  s.go(1, 3, undefined, 41);
  send(s, 2, 3, a); // 3 received from a
  send(s, 3, 2, b); // 2 received from b
}

/** Goroutine `g` parks sending on `ch` at line `line`. */
function park(s: Sim, g: number, ch: ObjectInfo, line: number): void {
  s.chanOp(g, 'chan.send', ch);
  s.block(g, 'chan send', [ch], line);
}

/**
 * Ping-pong between main and goroutine 2, until main sends a second ping before
 * taking the pong: main parks sending ping, 2 parks sending pong.
 */
function pingPong(s: Sim): { ping: ObjectInfo; pong: ObjectInfo } {
  const ping = s.obj('chan', 'ping');
  const pong = s.obj('chan', 'pong');
  s.go(1, 2, undefined, 40);
  for (let i = 0; i < 2; i++) {
    send(s, 1, 2, ping);
    send(s, 2, 1, pong);
  }
  send(s, 1, 2, ping);
  s.chanOp(2, 'chan.send', pong);
  s.block(2, 'chan send', [pong], 21);
  s.chanOp(1, 'chan.send', ping);
  s.block(1, 'chan send', [ping], 11);
  return { ping, pong };
}

describe('channel cycles, at the end of a stuck run', () => {
  it('reports a two-goroutine cycle at a global deadlock, Go-style', () => {
    const s = new Sim([new DeadlockMonitor()]);
    const { ping, pong } = pingPong(s);
    const found = s.end([DEADLOCK], [alive(1, 'chan send', [ping], 11, 0), alive(2, 'chan send', [pong], 21, 40)]);
    expect(found).toHaveLength(1);
    const [f] = found;
    expect(f?.kind).toBe('deadlock');
    expect(f?.goroutines).toEqual([1, 2]);
    expect(f?.message).toBe('channel cycle: main goroutine waits for goroutine 2 (ping), goroutine 2 waits for main goroutine (pong)');
    expect(f?.text.split('\n').slice(0, 7)).toEqual([
      '==================',
      'DEADLOCK: goroutines wait for each other in a cycle',
      'Main goroutine [chan send] on ping: the only other goroutine that ever received from ping is 2 (blocked [chan send] on pong)',
      '  blocked at test/prog.ts:11:3',
      'Goroutine 2 [chan send] on pong: the only other goroutine that ever received from pong is main goroutine (blocked [chan send] on ping)',
      '  blocked at test/prog.ts:21:3',
      '  created at test/prog.ts:40:3 by main goroutine',
    ]);
    expect(f?.text).toContain('a goroutine that never used it may still send or receive on it');
    expect(f?.text.endsWith('==================')).toBe(true);
  });

  it('reports nothing while the run is not proven stuck (no deadlock, no leak from core)', () => {
    const s = new Sim([new DeadlockMonitor()]);
    const { ping, pong } = pingPong(s);
    expect(s.end([], [alive(1, 'chan send', [ping], 11, 0), alive(2, 'chan send', [pong], 21, 40)])).toEqual([]);
  });

  it('reports a cycle among leaked goroutines after main returned', () => {
    const s = new Sim([new DeadlockMonitor()]);
    const a = s.obj('chan', 'a');
    const b = s.obj('chan', 'b');
    exchange(s, a, b);
    park(s, 2, a, 12);
    park(s, 3, b, 13);
    s.exit(1);
    const found = s.end([LEAK], [alive(2, 'chan send', [a], 12, 40), alive(3, 'chan send', [b], 13, 41)]);
    expect(found.map((f) => f.message)).toEqual(['channel cycle: goroutine 2 waits for goroutine 3 (a), goroutine 3 waits for goroutine 2 (b)']);
  });

  it('does not report goroutines parked on a channel nobody else used: a leak, not a cycle', () => {
    const s = new Sim([new DeadlockMonitor()]);
    const stuck = s.obj('chan', 'stuck');
    const blocked: BlockedGoroutine[] = [];
    for (const g of [2, 3, 4]) {
      s.go(1, g);
      s.chanOp(g, 'chan.recv', stuck);
      s.block(g, 'chan receive', [stuck], 10 + g);
      blocked.push(alive(g, 'chan receive', [stuck], 10 + g, 40));
    }
    s.exit(1);
    expect(s.end([LEAK], blocked)).toEqual([]);
  });

  it('does not count same-direction users as partners (workers that all sent on results)', () => {
    const s = new Sim([new DeadlockMonitor()]);
    const results = s.obj('chan', 'results');
    for (const g of [2, 3]) {
      s.go(1, g);
      send(s, g, 1, results); // main received one result from each
    }
    for (const g of [2, 3]) {
      s.chanOp(g, 'chan.send', results);
      s.block(g, 'chan send', [results], 10 + g);
    }
    s.exit(1);
    expect(s.end([LEAK], [alive(2, 'chan send', [results], 12, 40), alive(3, 'chan send', [results], 13, 41)])).toEqual([]);
  });

  it('gives no edge to a waiter whose partner may still move (sleeping or runnable)', () => {
    const s = new Sim([new DeadlockMonitor()]);
    const { ping, pong } = pingPong(s);
    s.go(1, 3);
    send(s, 1, 3, ping); // 3 received from ping too, and is asleep in `sleep` at the end
    const blocked = [alive(1, 'chan send', [ping], 11, 0), alive(2, 'chan send', [pong], 21, 40), alive(3, 'sleep', [], 30, 41)];
    expect(s.end([LEAK], blocked)).toEqual([]);
  });

  it('follows select waits through partners of either direction', () => {
    const s = new Sim([new DeadlockMonitor()]);
    const a = s.obj('chan', 'a');
    const quit = s.obj('chan', 'quit');
    s.go(1, 2, undefined, 40);
    s.chanOp(1, 'select', a); // main's select completes a send on a with 2's receive
    s.handoff(1, 2, a);
    s.chanOp(2, 'chan.recv', a);
    s.block(2, 'chan receive', [a], 20);
    s.chanOp(1, 'select', a);
    s.block(1, 'select', [a, quit], 10);
    const found = s.end([DEADLOCK], [alive(1, 'select', [a, quit], 10, 0), alive(2, 'chan receive', [a], 20, 40)]);
    expect(found.map((f) => f.message)).toEqual(['channel cycle: main goroutine waits for goroutine 2 (a), goroutine 2 waits for main goroutine (a)']);
    expect(found[0]?.text).toContain('Main goroutine [select] on a, quit: the only other goroutine that ever used a, quit is 2 (blocked [chan receive] on a)');
    expect(found[0]?.text).toContain('Goroutine 2 [chan receive] on a: the only other goroutine that ever sent on or closed a is main goroutine (blocked [select] on a, quit)');
  });

  it('joins lock and channel waits in one cycle', () => {
    const s = new Sim([new DeadlockMonitor()]);
    const mu = s.obj('mutex', 'mu');
    const ch = s.obj('chan', 'ch');
    s.go(1, 2, undefined, 40);
    s.go(1, 3, undefined, 41);
    send(s, 2, 3, ch); // 3 received from ch
    s.lock(2, mu, 5);
    s.chanOp(2, 'chan.send', ch);
    s.block(2, 'chan send', [ch], 6);
    s.block(3, 'sync.Mutex.Lock', [mu], 7);
    s.exit(1);
    const found = s.end([LEAK], [alive(2, 'chan send', [ch], 6, 40), alive(3, 'sync.Mutex.Lock', [mu], 7, 41)]);
    expect(found.map((f) => f.message)).toEqual(['channel cycle: goroutine 2 waits for goroutine 3 (ch), goroutine 3 waits for goroutine 2 (mu)']);
    expect(found[0]?.text).toContain('Goroutine 3 [sync.Mutex.Lock] waits for mu, held by goroutine 2:\n  blocked at test/prog.ts:7:3\n  mu locked at test/prog.ts:5:3\n  created at test/prog.ts:41:3 by main goroutine');
  });

  it('follows buffered channels (each side uses a slot)', () => {
    const s = new Sim([new DeadlockMonitor()]);
    const buf = s.obj('chan', 'buf');
    const back = s.obj('chan', 'back');
    s.go(1, 2);
    s.go(1, 3);
    s.chanOp(2, 'chan.send', buf);
    s.buffered(2, buf, 0, 1);
    s.chanOp(3, 'chan.recv', buf);
    s.buffered(3, buf, 0, 1); // 3 received from buf
    send(s, 3, 2, back); // 2 received from back
    s.chanOp(2, 'chan.send', buf);
    s.buffered(2, buf, 1, 1); // the buffer is full now
    s.chanOp(2, 'chan.send', buf);
    s.block(2, 'chan send', [buf], 12);
    s.chanOp(3, 'chan.send', back);
    s.block(3, 'chan send', [back], 13);
    s.exit(1);
    const found = s.end([LEAK], [alive(2, 'chan send', [buf], 12, 40), alive(3, 'chan send', [back], 13, 41)]);
    expect(found.map((f) => f.message)).toEqual(['channel cycle: goroutine 2 waits for goroutine 3 (buf), goroutine 3 waits for goroutine 2 (back)']);
  });
});

describe('channel cycles, while the run goes on', () => {
  it('asks core for a stuck check once, when the cycle closes', () => {
    const s = new Sim([new DeadlockMonitor()]);
    const ping = s.obj('chan', 'ping');
    const pong = s.obj('chan', 'pong');
    exchange(s, ping, pong);
    park(s, 2, ping, 21);
    expect(s.stuckChecks).toBe(0); // 3 still runs: no cycle yet
    park(s, 3, pong, 31);
    expect(s.stuckChecks).toBe(1); // main (1) still runs: only a check can tell
    expect(s.end()).toEqual([]); // no proof from core: nothing reported
  });

  it('asks nothing while a partner sleeps or runs, or for waits without partners', () => {
    const s = new Sim([new DeadlockMonitor()]);
    const ping = s.obj('chan', 'ping');
    const pong = s.obj('chan', 'pong');
    const lonely = s.obj('chan', 'lonely');
    s.go(1, 2, undefined, 40);
    s.go(1, 3, undefined, 41);
    s.go(1, 4, undefined, 42);
    send(s, 2, 3, ping);
    send(s, 3, 2, pong);
    send(s, 4, 2, pong); // 4 sent on pong too, then sleeps: it may send again
    s.stepOp(4, 'sleep', 0);
    s.block(4, 'sleep', [], 50);
    s.chanOp(2, 'chan.send', ping);
    s.block(2, 'chan send', [ping], 21);
    s.chanOp(3, 'chan.recv', pong);
    s.block(3, 'chan receive', [pong], 31);
    s.chanOp(1, 'chan.recv', lonely);
    s.block(1, 'chan receive', [lonely], 11);
    expect(s.stuckChecks).toBe(0);
  });

  it('explains a cycle core proved stuck with a partial deadlock', () => {
    const s = new Sim([new DeadlockMonitor()]);
    const ping = s.obj('chan', 'ping');
    const pong = s.obj('chan', 'pong');
    exchange(s, ping, pong);
    park(s, 2, ping, 21);
    park(s, 3, pong, 31);
    const partial: Finding = { kind: 'deadlock', message: 'partial deadlock: 2 goroutines are asleep forever', text: 'fatal error', goroutines: [2, 3] };
    const found = s.end([partial], [alive(1, 'runnable', [], 11, 0), alive(2, 'chan send', [ping], 21, 40), alive(3, 'chan send', [pong], 31, 41)]);
    expect(found.map((f) => f.message)).toEqual(['channel cycle: goroutine 2 waits for goroutine 3 (ping), goroutine 3 waits for goroutine 2 (pong)']);
  });
});
