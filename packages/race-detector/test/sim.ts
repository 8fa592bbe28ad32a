/**
 * A synthetic runtime for unit tests: emits to monitors exactly the event
 * sequences core promises for each operation (the contract in the race-detector
 * brief), without running any program.
 *
 * Invariant: every helper below emits the events of one core operation, in core's
 * order, and nothing else; the tests are written against these helpers so that a
 * change of core's contract is a change in one place.
 */
import type { BlockedGoroutine, Finding, Monitor, ObjectInfo, ObjectKind, OpKind, SourceLocation, WaitReason } from '../src/core-types.ts';

export class Sim {
  private nextId = 100;
  private step = 0;
  /** Source line used for the next event's site when none is given. */
  line = 1;
  /** Stuck checks the monitors asked for (`RunControl.checkStuck`). */
  stuckChecks = 0;

  constructor(
    readonly monitors: Monitor[],
    readonly locations = true,
  ) {
    for (const m of monitors) m.runStart?.({ seed: 0, locations }, { checkStuck: () => void this.stuckChecks++ });
  }

  obj(kind: ObjectKind, name?: string): ObjectInfo {
    return { id: this.nextId++, kind, name };
  }

  site(line?: number): SourceLocation | undefined {
    if (!this.locations) return undefined;
    return { file: 'test/prog.ts', line: line ?? this.line++, col: 3 };
  }

  run(g: number): void {
    this.stepOp(g, 'resume', 0);
  }

  stepOp(g: number, kind: OpKind, object: number): void {
    const s = this.step++;
    for (const m of this.monitors) m.step?.(s, g, { kind, object });
  }

  go(parent: number, child: number, name?: string, line?: number): void {
    const site = this.site(line);
    for (const m of this.monitors) m.spawn?.({ parent, child, name, site });
  }

  exit(g: number): void {
    for (const m of this.monitors) m.exit?.(g);
  }

  sync(g: number, o: ObjectInfo, slot: number, mode: 'acquire' | 'release'): void {
    for (const m of this.monitors) m.sync?.(g, o, slot, mode);
  }

  access(g: number, o: ObjectInfo, write: boolean, atomic = false, line?: number): void {
    const site = this.site(line);
    for (const m of this.monitors) m.access?.(g, o, write, atomic, site);
  }

  write(g: number, o: ObjectInfo, line?: number): void {
    this.access(g, o, true, false, line);
  }

  read(g: number, o: ObjectInfo, line?: number): void {
    this.access(g, o, false, false, line);
  }

  /** Unbuffered hand-off: send → receive, and receive → send completes. */
  handoff(sender: number, receiver: number, ch: ObjectInfo): void {
    this.sync(sender, ch, 0, 'release');
    this.sync(receiver, ch, 0, 'acquire');
    this.sync(receiver, ch, 0, 'release');
    this.sync(sender, ch, 0, 'acquire');
  }

  /** The k-th (0-based) send or receive on a buffered channel of capacity `cap`. */
  buffered(g: number, ch: ObjectInfo, k: number, cap: number): void {
    const s = k % cap;
    this.sync(g, ch, s, 'acquire');
    this.sync(g, ch, s, 'release');
  }

  close(g: number, ch: ObjectInfo): void {
    this.sync(g, ch, -1, 'release');
  }

  /** A receive that observes the close. */
  recvClosed(g: number, ch: ObjectInfo): void {
    this.sync(g, ch, -1, 'acquire');
  }

  lockEvent(g: number, o: ObjectInfo, held: boolean, shared: boolean, line?: number): void {
    const site = this.site(line);
    for (const m of this.monitors) m.lock?.(g, o, held, shared, site);
  }

  lock(g: number, mu: ObjectInfo, line?: number): void {
    this.sync(g, mu, 0, 'acquire');
    this.lockEvent(g, mu, true, false, line);
  }

  unlock(g: number, mu: ObjectInfo, line?: number): void {
    this.lockEvent(g, mu, false, false, line);
    this.sync(g, mu, 0, 'release');
  }

  rLock(g: number, rw: ObjectInfo, line?: number): void {
    this.sync(g, rw, 0, 'acquire');
    this.lockEvent(g, rw, true, true, line);
  }

  rUnlock(g: number, rw: ObjectInfo, line?: number): void {
    this.lockEvent(g, rw, false, true, line);
    this.sync(g, rw, 1, 'release');
  }

  wLock(g: number, rw: ObjectInfo, line?: number): void {
    this.sync(g, rw, 0, 'acquire');
    this.sync(g, rw, 1, 'acquire');
    this.lockEvent(g, rw, true, false, line);
  }

  wUnlock(g: number, rw: ObjectInfo, line?: number): void {
    this.lockEvent(g, rw, false, false, line);
    this.sync(g, rw, 0, 'release');
  }

  /** `wg.add(n)`; `fromZero`: the counter was 0 (core then emits an access of the WaitGroup). */
  wgAdd(g: number, wg: ObjectInfo, fromZero: boolean, line?: number): void {
    if (fromZero) this.access(g, wg, true, false, line);
  }

  wgDone(g: number, wg: ObjectInfo): void {
    this.sync(g, wg, 0, 'release');
  }

  /**
   * `wg.wait()` chosen to run: a `waitgroup.wait` step, whose perform emits an access
   * of the WaitGroup, then parks (`blocks`: the counter was not 0) or returns at once
   * (then call `wgWaitReturn`).
   */
  wgWaitStart(g: number, wg: ObjectInfo, blocks: boolean, line?: number): void {
    this.stepOp(g, 'waitgroup.wait', wg.id);
    this.access(g, wg, false, false, line);
    if (blocks) this.block(g, 'sync.WaitGroup.Wait', [wg], line);
  }

  wgWaitReturn(g: number, wg: ObjectInfo): void {
    this.sync(g, wg, 0, 'acquire');
  }

  /** The function given to `once.do` finished. */
  onceFnDone(g: number, once: ObjectInfo): void {
    this.sync(g, once, 0, 'release');
  }

  onceReturn(g: number, once: ObjectInfo): void {
    this.sync(g, once, 0, 'acquire');
  }

  atomicOp(g: number, a: ObjectInfo, write: boolean): void {
    this.sync(g, a, 0, 'acquire');
    this.access(g, a, write, true);
    this.sync(g, a, 0, 'release');
  }

  semRelease(g: number, sem: ObjectInfo): void {
    this.sync(g, sem, 0, 'release');
  }

  semAcquire(g: number, sem: ObjectInfo): void {
    this.sync(g, sem, 0, 'acquire');
  }

  block(g: number, reason: WaitReason, objects: ObjectInfo[], line?: number): void {
    const site = this.site(line);
    for (const m of this.monitors) m.block?.({ goroutine: g, reason, objects, site });
  }

  wake(g: number, by: number): void {
    for (const m of this.monitors) m.wake?.(g, by);
  }

  /** A channel operation chosen to run: the `step` core emits before performing it. */
  chanOp(g: number, kind: 'chan.send' | 'chan.recv' | 'select', ch: ObjectInfo): void {
    this.stepOp(g, kind, ch.id);
  }

  /** Ends the run; `findings` are core's own (a `deadlock` or `leak` proves the `blocked` stuck). */
  end(findings: Finding[] = [], blocked: BlockedGoroutine[] = []): Finding[] {
    const out: Finding[] = [];
    for (const m of this.monitors) {
      const f = m.runEnd?.({ steps: this.step, virtualTimeMs: 0, findings, blocked });
      if (f) out.push(...f);
    }
    return out;
  }
}
