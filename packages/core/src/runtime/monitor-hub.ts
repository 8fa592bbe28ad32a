/**
 * Fans every runtime event out to the run's monitors. The runtime holds a hub only
 * when there is at least one monitor, so an unobserved run pays one `undefined`
 * check per event.
 */
import type {
  BlockEvent, Finding, Monitor, ObjectInfo, PendingOp, RunEndEvent, RunInfo, SourceLocation, SpawnEvent, SyncMode,
} from './types.ts';

type Hook<K extends keyof Monitor> = NonNullable<Monitor[K]>;

export class MonitorHub {
  private readonly steps: Hook<'step'>[];
  private readonly syncs: Hook<'sync'>[];
  private readonly accesses: Hook<'access'>[];
  private readonly locks: Hook<'lock'>[];
  private readonly wakes: Hook<'wake'>[];

  constructor(private readonly monitors: readonly Monitor[]) {
    this.steps = hooks(monitors, 'step');
    this.syncs = hooks(monitors, 'sync');
    this.accesses = hooks(monitors, 'access');
    this.locks = hooks(monitors, 'lock');
    this.wakes = hooks(monitors, 'wake');
  }

  /** Whether any monitor wants `Shared` accesses (the race detector does). */
  get wantsAccesses(): boolean {
    return this.accesses.length > 0;
  }

  runStart(info: RunInfo): void {
    for (const m of this.monitors) m.runStart?.(info);
  }

  step(step: number, g: number, op: PendingOp): void {
    for (const h of this.steps) h(step, g, op);
  }

  spawn(e: SpawnEvent): void {
    for (const m of this.monitors) m.spawn?.(e);
  }

  sync(g: number, object: ObjectInfo, slot: number, mode: SyncMode): void {
    for (const h of this.syncs) h(g, object, slot, mode);
  }

  access(g: number, object: ObjectInfo, write: boolean, atomic: boolean, site: SourceLocation | undefined): void {
    for (const h of this.accesses) h(g, object, write, atomic, site);
  }

  lock(g: number, object: ObjectInfo, held: boolean, shared: boolean, site: SourceLocation | undefined): void {
    for (const h of this.locks) h(g, object, held, shared, site);
  }

  block(e: BlockEvent): void {
    for (const m of this.monitors) m.block?.(e);
  }

  wake(g: number, by: number): void {
    for (const h of this.wakes) h(g, by);
  }

  exit(g: number): void {
    for (const m of this.monitors) m.exit?.(g);
  }

  runEnd(e: RunEndEvent): Finding[] {
    const out: Finding[] = [];
    for (const m of this.monitors) {
      const f = m.runEnd?.(e);
      if (f) out.push(...f);
    }
    return out;
  }
}

function hooks<K extends 'step' | 'sync' | 'access' | 'lock' | 'wake'>(monitors: readonly Monitor[], key: K): Hook<K>[] {
  const out: Hook<K>[] = [];
  for (const m of monitors) {
    const h = m[key];
    if (h) out.push(h.bind(m) as Hook<K>);
  }
  return out;
}
