/**
 * Per-test seeds: a 32-bit FNV-1a hash of the run seed and the test's full
 * name. The name, not the test's position, goes in, so `-t` filtering, `.only`
 * or moving files around never changes the schedules a test explores.
 *
 * Invariant: the result depends on nothing but the two arguments (no process
 * state), so every machine derives the same seed.
 */

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * 32-bit FNV-1a of a string's UTF-16 code units, as an unsigned integer.
 *
 * @example
 * ```ts
 * fnv1a(''); // 2166136261
 * ```
 */
export function fnv1a(text: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

/**
 * The seed a test explores with.
 *
 * @example
 * ```ts
 * testSeed(0, 'pool > serves every job'); // the same number on every machine
 * ```
 */
export function testSeed(runSeed: number, fullName: string): number {
  return fnv1a(`${runSeed}\u0000${fullName}`);
}
