/**
 * What a timeline page highlights for a finding: the steps to point at, each
 * with a sentence, and the goroutines whose lanes stand out.
 *
 * - race: the steps whose accesses are at the report's locations, by the
 *   goroutines it names (both racing accesses);
 * - deadlock and leak: each named goroutine's last step, where it parks, with
 *   what it waits on (the cycle, or where a leaked goroutine blocks); a lock it
 *   waits for points at the step where another goroutine took that lock last,
 *   and a channel it waits on at the last step in which another goroutine of the
 *   finding did the complementary operation on it (a sender for a receiver, a
 *   receiver for a sender: the partner the race detector's channel cycles name)
 *   (a `waits` edge: the cycle drawn);
 * - panic: the step it happened at (the finding's `step`), else the named
 *   goroutine's last step;
 * - any other kind: the steps at the report's locations.
 *
 * Pure: from a trace and the finding, nothing else.
 */
import type { Finding, SourceLocation } from '../core.ts';
import { sitesIn } from './record.ts';
import type { TimelineStep, TimelineTrace } from './types.ts';

/**
 * One highlighted step.
 *
 * @example
 * ```ts
 * const h: Highlight = { index: 12, what: 'write shared balance by g3', site: { file: 'a.ts', line: 9, col: 5 } };
 * ```
 */
export interface Highlight {
  readonly index: number;
  readonly what: string;
  readonly site?: SourceLocation;
  /** The step that took the lock this one waits for (deadlock and leak). */
  readonly waitsFor?: number;
}

const LOCKS = new Set(['mutex.lock', 'rwmutex.lock', 'rwmutex.rlock']);

/**
 * The highlights of `finding` in `trace`.
 *
 * @example
 * ```ts
 * highlights(timeline.shrunk, timeline).steps.map((h) => h.index); // [7, 12]
 * ```
 */
export function highlights(trace: TimelineTrace, finding: Pick<Finding, 'kind' | 'text' | 'goroutines'> & { step?: number }): { steps: Highlight[]; lanes: Set<number> } {
  const lanes = new Set(finding.goroutines);
  const report = finding.text.split(/^interleaving:/m)[0] ?? finding.text;
  const sites = sitesIn({ text: report });
  const name = (g: number): string => laneName(trace, g);
  const out: Highlight[] = [];
  if (finding.kind === 'race') {
    for (const s of trace.steps) {
      if (!lanes.has(s.g)) continue;
      const a = s.accesses.find((x) => x.site !== undefined && sites.some((l) => same(l, x.site!)));
      if (a !== undefined) out.push({ index: s.index, what: `${a.write ? 'write' : 'read'} of ${a.object} by ${name(s.g)}`, ...(a.site ? { site: a.site } : {}) });
    }
  } else if (finding.kind === 'deadlock' || finding.kind === 'leak') {
    for (const g of finding.goroutines) {
      const s = lastOf(trace.steps, g);
      const lane = trace.lanes.find((l) => l.id === g);
      const waits = lane?.blocked ?? s?.parks;
      if (s === undefined) continue;
      const holder = LOCKS.has(s.op) ? lastTaken(trace.steps, s) : undefined;
      const partner = holder === undefined && waits !== undefined ? lastPartner(trace.steps, s, lanes) : undefined;
      const held =
        holder !== undefined ? `, held by ${name(holder.g)} since step ${holder.index + 1}`
        : partner !== undefined ? `, waits for ${name(partner.g)}, which last ${partner.op === 'chan.send' ? 'sent on' : 'received from'} it in step ${partner.index + 1}`
        : '';
      const to = holder ?? partner;
      out.push({
        index: s.index, what: `${name(g)} ${waits ? `blocks here [${waits}]` : 'stops here'}${s.object ? ` on ${s.object}` : ''}${held}`,
        ...(s.site ? { site: s.site } : {}), ...(to ? { waitsFor: to.index } : {}),
      });
    }
  } else if (finding.kind === 'panic' && (finding.step !== undefined || finding.goroutines[0] !== undefined)) {
    const g = finding.goroutines[0];
    const at = finding.step === undefined ? undefined : trace.steps.find((s) => s.index === finding.step! - 1 && (g === undefined || s.g === g));
    const s = at ?? (g === undefined ? undefined : lastOf(trace.steps, g));
    if (s !== undefined) out.push({ index: s.index, what: `${name(s.g)} panics in this step`, ...(siteNear(s, sites) ?? {}) });
  }
  if (out.length === 0) {
    for (const s of trace.steps) {
      const site = [s.site, ...s.accesses.map((a) => a.site)].find((x) => x !== undefined && sites.some((l) => same(l, x)));
      if (site !== undefined && (lanes.size === 0 || lanes.has(s.g))) out.push({ index: s.index, what: `${name(s.g)}: ${s.op}${s.object ? ` ${s.object}` : ''}`, site });
    }
  }
  return { steps: out, lanes };
}

/**
 * A goroutine as reports name it: `g3 worker`.
 *
 * @example
 * ```ts
 * laneName(trace, 1); // 'g1 main'
 * ```
 */
export function laneName(trace: Pick<TimelineTrace, 'lanes'>, g: number): string {
  const name = trace.lanes.find((l) => l.id === g)?.name;
  return name === undefined ? `g${g}` : `g${g} ${name}`;
}

/** The last step before `s` in which another goroutine took the lock `s` waits for. */
function lastTaken(steps: readonly TimelineStep[], s: TimelineStep): TimelineStep | undefined {
  for (let i = steps.length - 1; i >= 0; i--) {
    const t = steps[i]!;
    if (t.index < s.index && t.g !== s.g && t.object === s.object && LOCKS.has(t.op)) return t;
  }
  return undefined;
}

/** For each channel operation, the operation of the goroutine that completes it. */
const COMPLEMENT: Readonly<Record<string, string>> = { 'chan.recv': 'chan.send', 'chan.send': 'chan.recv' };

/**
 * The last step before `s` in which another goroutine of `members` did the
 * complementary operation on the channel `s` parks on (undefined: none did, or `s`
 * is no channel operation).
 */
function lastPartner(steps: readonly TimelineStep[], s: TimelineStep, members: ReadonlySet<number>): TimelineStep | undefined {
  const other = COMPLEMENT[s.op];
  if (other === undefined || s.object === '') return undefined;
  for (let i = steps.length - 1; i >= 0; i--) {
    const t = steps[i]!;
    if (t.index < s.index && t.g !== s.g && members.has(t.g) && t.object === s.object && t.op === other) return t;
  }
  return undefined;
}

function lastOf(steps: readonly TimelineStep[], g: number): TimelineStep | undefined {
  for (let i = steps.length - 1; i >= 0; i--) if (steps[i]!.g === g) return steps[i];
  return undefined;
}

function siteNear(s: TimelineStep, sites: readonly SourceLocation[]): { site: SourceLocation } | undefined {
  const reported = sites[0];
  if (reported !== undefined) return { site: reported };
  return s.site === undefined ? undefined : { site: s.site };
}

function same(a: SourceLocation, b: SourceLocation): boolean {
  return a.file === b.file && a.line === b.line && a.col === b.col;
}
