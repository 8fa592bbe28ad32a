/**
 * The monitor that records one run for a timeline page: its steps (operation,
 * object, site, accesses, whether it preempted), its goroutines, and its
 * happens-before edges between goroutines.
 *
 * Edges: a `release` into a synchronization variable (object, slot) is kept as
 * that variable's last release; an `acquire` of it by another goroutine draws
 * an edge from the releasing step to the acquiring goroutine's step: the one in
 * progress when the acquirer is the goroutine running, else its next step (a
 * parked receiver acquires during its partner's send and goes on at its next
 * step). A WaitGroup (or errgroup) counts every goroutine's `done`: its acquire
 * draws an edge from each goroutine's last release since the acquirer's
 * previous acquire (every `done` before `wait`); for other objects earlier
 * releases are ordered before the last one already, and are not drawn again.
 * A spawn draws an edge to the child's first step.
 *
 * Preemption: a step preempts when the goroutine of the step before could have
 * gone on (it neither parked nor returned during its step).
 *
 * Memory: at most {@link MAX_TIMELINE_STEPS} steps are kept, the last ones.
 */
import type { BlockEvent, Finding, Monitor, ObjectInfo, PendingOp, RunEndEvent, SourceLocation, SpawnEvent, SyncMode } from '../core.ts';
import { describeObject } from '../report.ts';
import type { TimelineAccess, TimelineEdge, TimelineLane, TimelineStep, TimelineTrace } from './types.ts';

/**
 * How many steps a timeline keeps (the last ones of a longer run).
 *
 * @example
 * ```ts
 * trace.steps.length <= MAX_TIMELINE_STEPS; // true
 * ```
 */
export const MAX_TIMELINE_STEPS = 2000;

/** Accesses kept per step. */
const ACCESSES_PER_STEP = 8;

interface OpenStep {
  index: number;
  g: number;
  op: PendingOp;
  site: SourceLocation | undefined;
  preempts: boolean;
  parks: string | undefined;
  exits: boolean;
  accesses: { write: boolean; atomic: boolean; object: number; site: SourceLocation | undefined }[];
}

/**
 * Records a run for {@link TimelineTrace}. Give it to a run with `locations: true`
 * (one execution), then call {@link TimelineMonitor.trace}.
 *
 * @example
 * ```ts
 * const m = new TimelineMonitor();
 * const result = await replay(program, token, { locations: true, monitors: [m] });
 * const trace = m.trace(token, result.findings);
 * ```
 */
export class TimelineMonitor implements Monitor {
  private steps: OpenStep[] = [];
  /** Index of `steps[0]`. */
  private offset = 0;
  private total = 0;
  private current: OpenStep | undefined;
  /** The goroutine of the step in progress could go on (did not park or return yet). */
  private currentGoesOn = false;
  private readonly objects = new Map<number, ObjectInfo>();
  private readonly lanes = new Map<number, { id: number; name?: string; parent?: number; site?: SourceLocation; blocked?: string }>();
  private readonly lastStepOf = new Map<number, number>();
  /** Per variable, each goroutine's last release (insertion order: the last one last). */
  private readonly releases = new Map<string, Map<number, { step: number; object: number }>>();
  /** Per variable and goroutine, the step of its last acquire. */
  private readonly acquired = new Map<string, number>();
  /** Edges waiting for a goroutine's next step: from, label. */
  private readonly pending = new Map<number, { from: number; kind: TimelineEdge['kind']; object: number }[]>();
  private readonly edges: { from: number; to: number; kind: TimelineEdge['kind']; object: number }[] = [];
  private readonly edgeKeys = new Set<string>();

  runStart(): void {
    this.steps = [];
    this.offset = 0;
    this.total = 0;
    this.current = undefined;
    this.objects.clear();
    this.lanes.clear();
    this.lanes.set(1, { id: 1, name: 'main' });
    this.lastStepOf.clear();
    this.releases.clear();
    this.acquired.clear();
    this.pending.clear();
    this.edges.length = 0;
    this.edgeKeys.clear();
  }

  step(step: number, g: number, op: PendingOp, site?: SourceLocation): void {
    const prev = this.current;
    const s: OpenStep = { index: step, g, op, site, preempts: prev !== undefined && prev.g !== g && this.currentGoesOn, parks: undefined, exits: false, accesses: [] };
    this.current = s;
    this.currentGoesOn = true;
    this.total = step + 1;
    this.steps.push(s);
    if (this.steps.length > 2 * MAX_TIMELINE_STEPS) {
      this.steps.splice(0, this.steps.length - MAX_TIMELINE_STEPS);
      this.offset = this.steps[0]!.index;
    }
    this.lastStepOf.set(g, step);
    const waiting = this.pending.get(g);
    if (waiting !== undefined) {
      this.pending.delete(g);
      for (const e of waiting) this.edge(e.from, step, e.kind, e.object);
    }
  }

  spawn(e: SpawnEvent): void {
    const lane: { id: number; name?: string; parent?: number; site?: SourceLocation } = { id: e.child, parent: e.parent };
    if (e.name !== undefined) lane.name = e.name;
    if (e.site !== undefined) lane.site = e.site;
    this.lanes.set(e.child, lane);
    const from = this.lastStepOf.get(e.parent);
    if (from !== undefined) this.later(e.child, { from, kind: 'spawn', object: 0 });
  }

  sync(g: number, object: ObjectInfo, slot: number, mode: SyncMode): void {
    this.objects.set(object.id, object);
    const key = `${object.id}:${slot}`;
    const at = this.stepOf(g);
    if (mode === 'release') {
      if (at === undefined) return;
      let byG = this.releases.get(key);
      if (byG === undefined) this.releases.set(key, (byG = new Map()));
      byG.delete(g);
      byG.set(g, { step: at, object: object.id });
      return;
    }
    const byG = this.releases.get(key);
    if (byG === undefined) return;
    const since = this.acquired.get(`${key}:${g}`) ?? -1;
    if (at !== undefined) this.acquired.set(`${key}:${g}`, at);
    const counts = object.kind === 'waitgroup' || object.kind === 'errgroup';
    const all = [...byG].filter(([rg, r]) => rg !== g && (!counts || r.step > since));
    const from = counts ? all : [...byG].slice(-1).filter(([rg]) => rg !== g);
    for (const [, r] of from) {
      if (this.current?.g === g) this.edge(r.step, this.current.index, 'sync', r.object);
      else this.later(g, { from: r.step, kind: 'sync', object: r.object });
    }
  }

  access(g: number, object: ObjectInfo, write: boolean, atomic: boolean, site: SourceLocation | undefined): void {
    this.objects.set(object.id, object);
    const s = this.stepRecord(g);
    if (s !== undefined && s.accesses.length < ACCESSES_PER_STEP) s.accesses.push({ write, atomic, object: object.id, site });
    if (s !== undefined && s.site === undefined) s.site = site;
  }

  lock(_g: number, object: ObjectInfo): void {
    this.objects.set(object.id, object);
  }

  block(e: BlockEvent): void {
    for (const o of e.objects) this.objects.set(o.id, o);
    const s = this.stepRecord(e.goroutine);
    if (s !== undefined) {
      s.parks = e.reason;
      if (s.site === undefined) s.site = e.site;
    }
    if (this.current?.g === e.goroutine) this.currentGoesOn = false;
  }

  exit(g: number): void {
    const s = this.stepRecord(g);
    if (s !== undefined) s.exits = true;
    if (this.current?.g === g) this.currentGoesOn = false;
  }

  runEnd(e: RunEndEvent): void {
    for (const b of e.blocked) {
      const lane = this.lanes.get(b.id) ?? { id: b.id };
      if (b.reason !== 'runnable') lane.blocked = b.reason;
      if (lane.site === undefined && b.createdAt !== undefined) lane.site = b.createdAt;
      this.lanes.set(b.id, lane);
    }
  }

  /**
   * The run as recorded, with its replay token and findings.
   *
   * @example
   * ```ts
   * monitor.trace(token, result.findings).lanes.map((l) => l.id); // [1, 2, 3]
   * ```
   */
  trace(replay: string, findings: readonly Finding[]): TimelineTrace {
    const kept = this.steps.slice(-MAX_TIMELINE_STEPS);
    const first = kept[0]?.index ?? 0;
    const name = (id: number): string => (id > 0 ? describeObject(this.objects.get(id), id) : '');
    const steps: TimelineStep[] = kept.map((s) => {
      const accesses: TimelineAccess[] = s.accesses.map((a) => ({ write: a.write, atomic: a.atomic, object: name(a.object), ...(a.site ? { site: a.site } : {}) }));
      return {
        index: s.index, g: s.g, op: s.op.kind, object: name(s.op.object), preempts: s.preempts, accesses,
        ...(s.site ? { site: s.site } : {}), ...(s.parks ? { parks: s.parks } : {}), ...(s.exits ? { exits: true } : {}),
      };
    });
    const edges: TimelineEdge[] = this.edges
      .filter((e) => e.from >= first)
      .map((e) => ({ from: e.from, to: e.to, kind: e.kind, label: e.kind === 'spawn' ? 'go' : name(e.object) }));
    const lanes: TimelineLane[] = [...this.lanes.values()].sort((a, b) => a.id - b.id).map((l) => ({ ...l }));
    return { replay, total: this.total, first, steps, lanes, edges, findings: findings.map(plain), preemptions: steps.filter((s) => s.preempts).length };
  }

  private later(g: number, e: { from: number; kind: TimelineEdge['kind']; object: number }): void {
    const list = this.pending.get(g);
    if (list === undefined) this.pending.set(g, [e]);
    else list.push(e);
  }

  private edge(from: number, to: number, kind: TimelineEdge['kind'], object: number): void {
    if (from >= to) return;
    const key = `${from}>${to}`;
    if (this.edgeKeys.has(key)) return;
    this.edgeKeys.add(key);
    this.edges.push({ from, to, kind, object });
  }

  /** The step of `g` its events belong to: the step in progress when `g` runs it, else `g`'s last. */
  private stepOf(g: number): number | undefined {
    return this.current?.g === g ? this.current.index : this.lastStepOf.get(g);
  }

  private stepRecord(g: number): OpenStep | undefined {
    const at = this.stepOf(g);
    return at === undefined || at < this.offset ? undefined : this.steps[at - this.offset];
  }
}

function plain(f: Finding): Finding {
  return { kind: f.kind, message: f.message, text: f.text, goroutines: [...f.goroutines], ...(f.step === undefined ? {} : { step: f.step }) };
}
