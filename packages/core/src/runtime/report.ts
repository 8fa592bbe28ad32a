/**
 * The findings the runtime reports by itself, worded like Go's runtime: the
 * deadlock dump (`fatal error: all goroutines are asleep - deadlock!`), panics,
 * leaks (goleak's information, grouped), the step limit and nondeterminism.
 *
 * Every text is a pure function of the run, so the same schedule gives the same
 * text byte for byte. Locations come from the re-run with locations on; without
 * them a report says so rather than guessing.
 */
import type { G } from './goroutine.ts';
import { Panic } from './errors.ts';
import { formatSite, userFrames } from './location.ts';
import { describeThrown, isInstance, stackOf } from './thrown.ts';
import type { BlockedGoroutine, Finding, SourceLocation, WaitReason } from './types.ts';

/** What a dump shows of a goroutine: a live one, or the description of one that is gone. */
type Dumped = Pick<G, 'id' | 'name' | 'parent' | 'createdAt' | 'site'> & { readonly waitReason: WaitReason | undefined };

const NO_LOCATIONS = '(run with locations on to see where)';

/**
 * Panics the runtime delivered to a goroutine at its operation (send on a channel
 * closed while it waited, ...): their own stack is the waker's, so the report points
 * at the goroutine's operation instead. A panic thrown by a synchronous call
 * (a second close, unlock, done) carries the user's line in its own stack.
 */
export const deliveredPanics = new WeakSet<object>();

function label(g: Pick<G, 'id' | 'name'>): string {
  return g.name && g.id !== 1 ? `goroutine ${g.id} "${g.name}"` : `goroutine ${g.id}`;
}

function where(site: SourceLocation | undefined): string {
  if (!site) return `    ${NO_LOCATIONS}`;
  return `    ${formatSite(site)}${site.fn ? ` in ${site.fn}` : ''}`;
}

function createdBy(g: Pick<G, 'id' | 'parent' | 'createdAt'>): string {
  if (g.id === 1) return '';
  return `\ncreated by goroutine ${g.parent} at ${g.createdAt ? formatSite(g.createdAt) : NO_LOCATIONS}`;
}

/** One goroutine in a dump: header, where it waits, where it was created. */
export function describeGoroutine(g: Dumped, state: string): string {
  return `${label(g)} [${state}]:\n${where(g.site)}${createdBy(g)}`;
}

function stateOf(g: Dumped): string {
  return g.waitReason ?? 'runnable';
}

export function deadlock(live: G[], onlyTimers: boolean): Finding {
  const header = 'fatal error: all goroutines are asleep - deadlock!';
  const note = onlyTimers ? '\n\n(timers kept firing without making any goroutine runnable: a Ticker nobody reads?)' : '';
  const dump = live.map((g) => describeGoroutine(g, stateOf(g))).join('\n\n');
  return {
    kind: 'deadlock',
    message: 'all goroutines are asleep - deadlock!',
    text: `${header}${note}\n\n${dump}\n`,
    goroutines: live.map((g) => g.id),
  };
}

/**
 * Every goroutine is blocked except pollers that kept yielding without progress
 * (fairness.ts): they wait on the blocked ones, which nothing can wake. Go would
 * spin forever; this is its deadlock with the pollers named.
 */
export function deadlockBehindPollers(live: G[], pollers: G[], polls: number): Finding {
  const ids = pollers.map((g) => g.id);
  const who = `goroutine${ids.length === 1 ? '' : 's'} ${ids.join(', ')}`;
  const header = 'fatal error: all goroutines are asleep - deadlock!';
  const note = `\n\n(${who} kept polling without progress, ${polls.toLocaleString('en-US')} times in a row: nothing they poll can change while the others are asleep)`;
  const dump = live.map((g) => describeGoroutine(g, ids.includes(g.id) ? 'polling' : stateOf(g))).join('\n\n');
  return {
    kind: 'deadlock',
    message: `all goroutines are asleep - deadlock! (${who} polling)`,
    text: `${header}${note}\n\n${dump}\n`,
    goroutines: live.map((g) => g.id),
  };
}

/** Every goroutine kept polling without progress and none is blocked or sleeping: they wait on one another. */
export function livelock(pollers: G[], polls: number): Finding {
  const ids = pollers.map((g) => g.id);
  const message = `livelock: goroutine${ids.length === 1 ? '' : 's'} ${ids.join(', ')} polled ${polls.toLocaleString('en-US')} times in a row without progress, and nothing else can run`;
  const dump = pollers.map((g) => describeGoroutine(g, 'polling')).join('\n\n');
  return {
    kind: 'step-limit',
    message,
    text: `${message}\n\n${dump}\n\nEach poll (a select that took otherwise, a failed tryLock, ctx.err() still undefined, an atomic that nobody wrote) found nothing new, and no goroutine or timer is left that could change that.\n`,
    goroutines: ids,
  };
}

/**
 * Goroutines a stuck check proved stuck for good while others can still run: Go
 * notices only once every goroutine is asleep, and says nothing of these.
 */
export function partialDeadlock(stuck: readonly BlockedGoroutine[], others: readonly number[]): Finding {
  const n = stuck.length;
  const dumped = stuck.map((b): Dumped => ({
    id: b.id, name: b.name, parent: b.createdBy, createdAt: b.createdAt, site: b.blockedAt, waitReason: b.reason === 'runnable' ? undefined : b.reason,
  }));
  const what = dumped.map((g) => `${label(g)} [${stateOf(g)}]`).join(', ');
  const rest = others.length === 0 ? 'no other goroutine is alive' : `goroutine${others.length === 1 ? '' : 's'} ${others.join(', ')} can still run`;
  return {
    kind: 'deadlock',
    message: `partial deadlock: ${n} goroutine${n === 1 ? ' is' : 's are'} asleep forever: ${what}`,
    text:
      `fatal error: some goroutines are asleep - deadlock! (partial: ${rest})\n\n` +
      `Nothing that can still run reaches what ${n === 1 ? 'this goroutine waits' : 'these goroutines wait'} on, so no goroutine can ever wake ${n === 1 ? 'it' : 'them'}.\n\n` +
      `${dumped.map((g) => describeGoroutine(g, stateOf(g))).join('\n\n')}\n`,
    goroutines: stuck.map((b) => b.id),
  };
}

/** A leaked goroutine's state: its wait reason, or `running` when it never stopped. */
function leakState(g: G): string {
  return g.waitReason ?? 'running';
}

/**
 * Leaked goroutines. `windowMs` is set when timers were still pending past the drain
 * window: they never fire, which the report says.
 */
export function leak(leaked: G[], drainSteps: number, windowMs?: number): Finding {
  const groups = new Map<string, G[]>();
  for (const g of leaked) {
    const key = `${leakState(g)}|${formatSite(g.site)}|${formatSite(g.createdAt)}|${g.parent}`;
    const list = groups.get(key);
    if (list) list.push(g);
    else groups.set(key, [g]);
  }
  const n = leaked.length;
  const sections: string[] = [];
  for (const gs of groups.values()) {
    const g = gs[0]!;
    const head = gs.length === 1 ? label(g) : `goroutines ${gs.map((x) => x.id).join(', ')} (${gs.length} alike)`;
    sections.push(`${head} [${leakState(g)}]:\n${where(g.site)}${createdBy(g)}`);
  }
  const what = [...groups.values()].map((gs) => `${gs.length > 1 ? `${gs.length}×` : `goroutine ${gs[0]!.id}`} [${leakState(gs[0]!)}]`);
  const running = leaked.some((g) => !g.waitReason);
  const why = running
    ? `blocked forever, or still running ${drainSteps.toLocaleString('en-US')} steps after main returned`
    : 'still blocked after main returned and every other goroutine finished';
  return {
    kind: 'leak',
    message: `${n} goroutine${n === 1 ? '' : 's'} leaked: ${what.join(', ')}`,
    text: `leak: ${n} goroutine${n === 1 ? '' : 's'} ${why}\n\n${sections.join('\n\n')}\n${
      windowMs === undefined ? '' : `\nTimers due more than ${windowMs.toLocaleString('en-US')} ms of virtual time after main returned never fire (Go ends the program when main returns).\n`
    }`,
    goroutines: leaked.map((g) => g.id),
  };
}

function panicValue(e: unknown): string {
  const value = describeThrown(e);
  // Go prints a run-time panic's message alone.
  return isInstance(e, Panic) && value.startsWith('Panic: ') ? value.slice('Panic: '.length) : value;
}

/**
 * `f`, made after main returned while the other goroutines were let finish: Go would
 * have ended the program before, and the message says so.
 */
export function inDrain(f: Finding, windowMs: number, drainSteps: number): Finding {
  return {
    ...f,
    message: `${f.message} (after main returned)`,
    text: `${f.text}\nThis happened after main returned, while the other goroutines were let finish (at most ${windowMs.toLocaleString('en-US')} ms of virtual time and ${drainSteps.toLocaleString('en-US')} steps); Go ends the program when main returns, so there it would not happen.\n`,
  };
}

/**
 * The frames of the goroutine that threw: a first step run inside `go()` (see
 * runtime.ts, `startNested`) has its spawner's frames below its own; they are cut.
 */
function ownFrames(stack: string): string {
  const at = stack.search(/\n[^\n]*\bstartNested\b/);
  return at < 0 ? stack : stack.slice(0, at);
}

export function panic(g: G, e: unknown): Finding {
  const value = panicValue(e);
  let frames: string;
  const text = stackOf(e);
  const stack = text !== undefined && !deliveredPanics.has(e as object) ? [...userFrames(ownFrames(text))].slice(0, 6) : [];
  if (stack.length) frames = stack.map((s) => where(s)).join('\n');
  else frames = where(g.site);
  return {
    kind: 'panic',
    message: `panic: ${value.split('\n')[0]} (goroutine ${g.id})`,
    text: `panic: ${value}\n\n${label(g)} [running]:\n${frames}${createdBy(g)}\n`,
    goroutines: [g.id],
  };
}

/** Go's `fatal error`: a crash that `recover` cannot stop (`g`: the goroutine that made it, if any). */
export function fatal(g: G | undefined, message: string): Finding {
  const who = g ? ` (goroutine ${g.id})` : '';
  const dump = g ? `\n\n${label(g)} [running]:\n${where(g.site)}${createdBy(g)}\n` : '\n';
  return { kind: 'panic', message: `fatal error: ${message}${who}`, text: `fatal error: ${message}${dump}`, goroutines: g ? [g.id] : [] };
}

/**
 * `g` started an operation (or returned) while its previous one was pending: it
 * did not await it. `site` is where it went on (locations on); `g.site` the pending one.
 */
export function missingAwait(g: G, what: string, site: SourceLocation | undefined): Finding {
  const message = `goroutine ${g.id} ${what} while ${what === 'returned' ? 'one' : 'another'} of its operations was still pending (a missing await?)`;
  return {
    kind: 'panic',
    message,
    text:
      `panic: ${message}\n\n${label(g)} [running]:\n` +
      `  the operation it did not await:\n${where(g.site)}\n  where it went on:\n${where(site)}${createdBy(g)}\n\n` +
      'An interleave operation returns a promise: await it before the next one (`await ch.send(v)`).\n',
    goroutines: [g.id],
  };
}

export function spin(g: G, message: string): Finding {
  return {
    kind: 'step-limit',
    message,
    text: `${message}\n\n${label(g)} [running]:\n${where(g.site)}${createdBy(g)}\n`,
    goroutines: [g.id],
  };
}

export function stepLimit(maxSteps: number, recent: Int32Array, steps: number, lookup: (id: number) => G | undefined): Finding {
  const window = Math.min(steps, recent.length);
  const counts = new Map<number, number>();
  for (let i = 0; i < window; i++) {
    const id = recent[i]!;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const busiest = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, 5);
  if (!window) busiest.length = 0;
  const lines = busiest.map(([id, n]) => {
    const g = lookup(id);
    const at = g ? `\n${where(g.site)}` : ' (finished)';
    return `goroutine ${id}: ${n} of the last ${window} steps${at}`;
  });
  const message = `step limit reached: ${maxSteps.toLocaleString('en-US')} scheduling steps without the program ending (a livelock or a polling loop?)`;
  return {
    kind: 'step-limit',
    message,
    text: `${message}\n\n${lines.join('\n\n')}\n\nA goroutine that polls (gosched, atomics, sleep in a loop) instead of blocking on a channel, lock or Cond keeps the program busy forever. Raise maxSteps if the program is just long.\n`,
    goroutines: busiest.map(([id]) => id),
  };
}

export function nondeterminism(message: string): Finding {
  return { kind: 'nondeterminism', message, text: `${message}\n`, goroutines: [] };
}

/** What was pending outside the runtime when a run stalled (see `Runtime.stalled`). */
export interface OutsideWork {
  /** Node's names of the requests and handles started during the run and still pending (`process.getActiveResourcesInfo()`), sorted. */
  readonly work: readonly string[];
  /** Whether virtual timers of the run were pending. */
  readonly timers: boolean;
}

/** The line of a foreign-await report that says what, outside the runtime, could settle the promise. */
function outsideLine(o: OutsideWork): string {
  if (o.work.length > 0) return `real work started in the run is still pending: ${o.work.join(', ')}\n\n`;
  const why = o.timers
    ? 'settled by nobody, or later by code of the run such as a timer callback (this run does not follow plain promises: `followPromises: false`)'
    : 'settled by nobody, or by code outside the run';
  return `no real work started in the run is pending (no I/O, no real timer): the promise is ${why}\n\n`;
}

/** The words of every foreign-await finding's message, after the goroutine's name. */
const FOREIGN_AWAIT = 'awaited a promise that interleave does not control';

/**
 * Whether `finding` is a foreign await (a goroutine awaited a promise the runtime
 * does not control), not another `nondeterminism` (a replay that did not fit).
 *
 * @example
 * ```ts
 * const r = await run(async () => { await new Promise((done) => setTimeout(done, 10)); });
 * isForeignAwait(r.findings[0]!); // true
 * ```
 */
export function isForeignAwait(finding: Pick<Finding, 'kind' | 'message'>): boolean {
  return finding.kind === 'nondeterminism' && finding.message.endsWith(` ${FOREIGN_AWAIT}`);
}

export function foreignAwait(g: G | undefined, awaitedAt?: SourceLocation, outside?: OutsideWork): Finding {
  const who = g ? label(g) : 'a goroutine';
  const message = `${who} ${FOREIGN_AWAIT}`;
  const awaited = awaitedAt === undefined ? '' : `, awaited at:\n${where(awaitedAt)}\nafter its last scheduling point at`;
  const detail = g
    ? `\n\n${label(g)} [awaiting a foreign promise]${awaited === '' ? ', after its last scheduling point at' : awaited}:\n${where(g.site)}${createdBy(g)}`
    : '';
  return {
    kind: 'nondeterminism',
    message,
    text:
      `${message} (a real timer, real I/O, or a promise resolved outside the runtime)${detail}\n\n${outside === undefined ? '' : outsideLine(outside)}` +
      'Inside a program only interleave operations may be awaited: use sleep/after for time, channels to hand results between goroutines, ' +
      'and fakes for I/O (see docs/async-code.md).\n',
    goroutines: g ? [g.id] : [],
  };
}
