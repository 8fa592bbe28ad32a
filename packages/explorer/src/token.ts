/**
 * The replay token users see: core's schedule string, which is versioned
 * (`il1.<base64url>`) and holds every decision of the run, followed by
 * `:<flags>` when the run needs options other than the defaults to replay:
 * `r` race detection on, `n` leak detection off, `s<digits>` a step limit other
 * than core's default, `w<ms>` a timer window (`timerWindowMs`) other than
 * core's default, `u` a run that did not follow plain promises
 * (`followPromises: false`: there a plain await is the foreign-await finding) (in
 * this order). With default options the token is core's
 * string itself, so `run(program, { replay: token })` accepts it too.
 *
 * Invariant: `decodeToken(encodeToken(t))` equals `t`.
 */

/**
 * A decoded replay token.
 *
 * @example
 * ```ts
 * const t: ReplayToken = decodeToken(failure.replay); // { core: 'il1.…', race: true, leaks: true, maxSteps: undefined }
 * ```
 */
export interface ReplayToken {
  /** Core's schedule string. */
  readonly core: string;
  readonly race: boolean;
  readonly leaks: boolean;
  readonly maxSteps: number | undefined;
  /** `timerWindowMs` of the run, when not core's default (it changes which decisions a run has). */
  readonly timerWindowMs?: number | undefined;
  /** `false` when the run was made with `followPromises: false` (absent: core's default). */
  readonly followPromises?: false | undefined;
}

const FLAGS = /^(r?)(n?)(?:s(\d+))?(?:w(\d+(?:\.\d+)?))?(u?)$/;

/**
 * Adds the flags needed to replay a core schedule.
 *
 * @example
 * ```ts
 * encodeToken({ core: 'il1.AbC', race: true, leaks: true, maxSteps: undefined }); // 'il1.AbC:r'
 * ```
 */
export function encodeToken(t: ReplayToken): string {
  const window = t.timerWindowMs === undefined ? '' : `w${t.timerWindowMs}`;
  const unfollowed = t.followPromises === false ? 'u' : '';
  const flags = `${t.race ? 'r' : ''}${t.leaks ? '' : 'n'}${t.maxSteps === undefined ? '' : `s${t.maxSteps}`}${window}${unfollowed}`;
  return flags === '' ? t.core : `${t.core}:${flags}`;
}

/**
 * Parses a replay token; throws a clear error on unknown flags. (Core checks
 * the schedule part and its version when the token is replayed.)
 *
 * @example
 * ```ts
 * decodeToken('il1.AbC:r').race; // true
 * ```
 */
export function decodeToken(token: string): ReplayToken {
  const trimmed = token.trim();
  const at = trimmed.indexOf(':');
  const core = at < 0 ? trimmed : trimmed.slice(0, at);
  const flags = at < 0 ? '' : trimmed.slice(at + 1);
  const m = FLAGS.exec(flags);
  if (m === null) {
    throw new Error(`not an interleave replay token: unknown flags ${JSON.stringify(flags)} (this @interleave/explorer knows r, n, s<steps>, w<ms>, u)`);
  }
  const t: ReplayToken = { core, race: m[1] === 'r', leaks: m[2] !== 'n', maxSteps: m[3] === undefined ? undefined : Number(m[3]) };
  const windowed = m[4] === undefined ? t : { ...t, timerWindowMs: Number(m[4]) };
  return m[5] === 'u' ? { ...windowed, followPromises: false } : windowed;
}
