/**
 * Describing a thrown value, whatever it is. JavaScript can throw anything: an
 * object without a prototype, a revoked Proxy (whose `instanceof` throws), an
 * object whose `toString` throws, an Error whose `name`, `message` or `stack`
 * getter throws, a Symbol. A report must describe each of them as a panic.
 *
 * Invariant: no function here throws, whatever it is given.
 */
import { inspect } from 'node:util';

/**
 * `value instanceof type`, false where the check itself throws (a revoked Proxy,
 * a Proxy whose `getPrototypeOf` trap throws).
 *
 * @example
 * ```ts
 * isInstance(Proxy.revocable({}, {}).proxy, Error); // false
 * ```
 */
export function isInstance<T>(value: unknown, type: abstract new (...args: never[]) => T): value is T {
  try {
    return value instanceof type;
  } catch {
    return false;
  }
}

/** Reads `value[key]`, undefined where the read throws. */
function read(value: object, key: string): unknown {
  try {
    return (value as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

/**
 * A thrown value as Go prints a panic's value: an Error as `name: message`, a
 * primitive as `String` gives it, any other object as `util.inspect` shows it
 * (its own `toString` when it has one that works).
 *
 * @example
 * ```ts
 * describeThrown(new TypeError('x')); // 'TypeError: x'
 * describeThrown(Object.create(null)); // '[Object: null prototype] {}'
 * ```
 */
export function describeThrown(e: unknown): string {
  if (typeof e === 'symbol') return e.toString();
  if (typeof e !== 'object' && typeof e !== 'function') return String(e);
  if (e === null) return 'null';
  if (isInstance(e, Error)) {
    const name = read(e, 'name');
    const message = read(e, 'message');
    return `${typeof name === 'string' ? name : 'Error'}: ${typeof message === 'string' ? message : safeInspect(message)}`;
  }
  const own = read(e, 'toString');
  if (typeof own === 'function' && own !== Object.prototype.toString) {
    try {
      const s: unknown = (own as () => unknown).call(e);
      if (typeof s === 'string') return s;
    } catch {
      // described below
    }
  }
  return safeInspect(e);
}

function safeInspect(v: unknown): string {
  try {
    return inspect(v, { depth: 2, breakLength: Infinity, customInspect: false });
  } catch {
    return `(a thrown ${typeof v} that cannot be described)`;
  }
}

/**
 * The stack text of a thrown Error, or undefined when it has none that can be read.
 *
 * @example
 * ```ts
 * stackOf(new Error('x')); // 'Error: x\n    at ...'
 * stackOf(42); // undefined
 * ```
 */
export function stackOf(e: unknown): string | undefined {
  if (!isInstance(e, Error)) return undefined;
  const s = read(e as object, 'stack');
  return typeof s === 'string' && s !== '' ? s : undefined;
}
