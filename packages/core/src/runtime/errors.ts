/**
 * Errors of the runtime.
 *
 * `Panic` is what Go calls a run-time panic: misuse of a primitive (send on a
 * closed channel, negative WaitGroup counter, ...). It is thrown in the goroutine
 * that misused the primitive; if nothing catches it, the run ends with a `panic`
 * finding, as an unrecovered panic ends a Go program.
 */

/**
 * A Go run-time panic, with Go's message.
 *
 * @example
 * ```ts
 * const ch = chan<number>();
 * ch.close();
 * try { ch.close(); } catch (e) { e instanceof Panic; e.message === 'close of closed channel'; }
 * ```
 */
export class Panic extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Panic';
  }
}

/**
 * Misuse of interleave itself (an object of production mode used inside a run, two
 * runs at once): a bug in the test, not in the program under test. Never caught by
 * the runtime.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(`interleave: ${message}`);
    this.name = 'UsageError';
  }
}

/**
 * Thrown out of a Go `fatal error` (the unlock of an unlocked mutex) after the run
 * already ended with it: catching it changes nothing.
 */
export class FatalError extends Error {
  constructor(message: string) {
    super(`fatal error: ${message}`);
    this.name = 'FatalError';
  }
}

/**
 * Thrown into a goroutine to stop it when the run must end from inside user code
 * (a spin loop over `Shared` without a scheduling point). The runtime turns it into
 * a finding; user code should not catch it.
 */
export class RunAborted extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunAborted';
  }
}
