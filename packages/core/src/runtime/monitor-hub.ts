/**
 * Fans every runtime event out to the run's monitors. The runtime holds a hub only
 * when there is at least one monitor, so an unobserved run pays one `undefined`
 * check per event.
 */
import type {
  BlockEvent, Finding, Monitor, ObjectInfo, PendingOp, RunControl, RunEndEvent, RunInfo, SourceLocation, SpawnEvent, SyncMode,
} from './types.ts';

/** Monitors that implement `K`. */
type With<K extends keyof Monitor> = Monitor & Required<Pick<Monitor, K>>;

export class MonitorHub {
  /**
   * Advances at every step, spawn and synchronization event: between two advances no
   * goroutine's happens-before knowledge changes. `Shared` uses it to report an
   * access once per (goroutine, epoch): a repeat adds nothing (FastTrack's
   * same-epoch rule), and skipping it keeps a watched access nearly as cheap as an
   * unwatched one.
   */
  epoch = 0;
  // Hooks are called as methods of their monitor (no bound copies): a call site then
  // sees the same target in every run, and V8 keeps it inlined.
  private readonly steps: With<'step'>[];
  private readonly syncs: With<'sync'>[];
  private readonly accesses: With<'access'>[];
  private readonly locks: With<'lock'>[];
  private readonly wakes: With<'wake'>[];
  /** The one monitor with an `access` hook, when there is exactly one. */
  private readonly accessOne: With<'access'> | undefined;

  constructor(private readonly monitors: readonly Monitor[]) {
    // One pass, and shared empty lists: a hub is built for every run of an exploration.
    const one = monitors.length === 1 ? monitors[0]! : undefined;
    this.steps = one ? (one.step ? [one as With<'step'>] : NONE) : having(monitors, 'step');
    this.syncs = one ? (one.sync ? [one as With<'sync'>] : NONE) : having(monitors, 'sync');
    this.accesses = one ? (one.access ? [one as With<'access'>] : NONE) : having(monitors, 'access');
    this.locks = one ? (one.lock ? [one as With<'lock'>] : NONE) : having(monitors, 'lock');
    this.wakes = one ? (one.wake ? [one as With<'wake'>] : NONE) : having(monitors, 'wake');
    this.accessOne = this.accesses.length === 1 ? this.accesses[0] : undefined;
  }

  runStart(info: RunInfo, control: RunControl): void {
    for (const m of this.monitors) m.runStart?.(info, control);
  }

  step(step: number, g: number, op: PendingOp, site: SourceLocation | undefined): void {
    this.epoch++;
    for (const m of this.steps) m.step(step, g, op, site);
  }

  spawn(e: SpawnEvent): void {
    this.epoch++;
    for (const m of this.monitors) m.spawn?.(e);
  }

  sync(g: number, object: ObjectInfo, slot: number, mode: SyncMode): void {
    this.epoch++;
    for (const m of this.syncs) m.sync(g, object, slot, mode);
  }

  access(g: number, object: ObjectInfo, write: boolean, atomic: boolean, site: SourceLocation | undefined): void {
    const one = this.accessOne;
    if (one) one.access(g, object, write, atomic, site);
    else for (const m of this.accesses) m.access(g, object, write, atomic, site);
  }

  lock(g: number, object: ObjectInfo, held: boolean, shared: boolean, site: SourceLocation | undefined): void {
    for (const m of this.locks) m.lock(g, object, held, shared, site);
  }

  block(e: BlockEvent): void {
    for (const m of this.monitors) m.block?.(e);
  }

  wake(g: number, by: number): void {
    for (const m of this.wakes) m.wake(g, by);
  }

  exit(g: number): void {
    for (const m of this.monitors) m.exit?.(g);
  }

  yielded(g: number): void {
    for (const m of this.monitors) m.yielded?.(g);
  }

  /** The monitor that made each finding `runEnd` returned. */
  readonly origins = new Map<Finding, Monitor>();

  runEnd(e: RunEndEvent): Finding[] {
    const out: Finding[] = [];
    for (const m of this.monitors) {
      const f = m.runEnd?.(e);
      if (!f) continue;
      for (const x of f) this.origins.set(x, m);
      out.push(...f);
    }
    return out;
  }
}

const NONE: never[] = [];

function having<K extends 'step' | 'sync' | 'access' | 'lock' | 'wake'>(monitors: readonly Monitor[], key: K): With<K>[] {
  return monitors.filter((m): m is With<K> => typeof m[key] === 'function');
}
