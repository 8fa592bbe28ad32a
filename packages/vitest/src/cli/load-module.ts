/**
 * What `interleave explore FILE` finds in a module: a list of targets, each a
 * program with an optional name, expected finding kinds, race flag and
 * sharedState. It accepts `fixtures: [{ name, program, expect?, race?,
 * sharedState? }]`, a single
 * `fixture`, a named `program` or a default-exported program function.
 */
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Program } from '@interleave/core';
import { UsageError } from './args.ts';

/** A module that is not there or does not load (a syntax error, a failing import). */
export class LoadError extends Error {
  override name = 'LoadError';
}

/** One program to explore. */
export interface Target {
  name: string;
  program: Program;
  /** Finding kinds it must produce; absent: it must be clean. */
  expect?: string[];
  /** It needs the race detector. */
  race?: boolean;
  /** Where its goroutines share state (`ExploreOptions.sharedState`); absent: the explorer's default. */
  sharedState?: 'anywhere' | 'objects';
}

/**
 * Imports `file` (absolute) and returns its targets.
 *
 * @example
 * ```ts
 * const targets = await loadTargets('/repo/fixtures/index.ts');
 * ```
 */
export async function loadTargets(file: string): Promise<Target[]> {
  if (!existsSync(file)) throw new LoadError(`no such file: ${file}`);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (e) {
    const text = e instanceof Error ? e.message : String(e);
    const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
    // esbuild's syntax errors: "Transform failed with 1 error:" then "file:line:col: ERROR: ...".
    const line = /^Transform failed/.test(lines[0] ?? '') && lines[1] !== undefined ? lines[1] : (lines[0] ?? 'failed');
    throw new LoadError(`cannot load ${file}: ${e instanceof Error && !line.startsWith(e.name) && e.name !== 'Error' ? `${e.name}: ` : ''}${line}`);
  }
  return targetsOf(mod, basename(file).replace(/\.[cm]?[jt]sx?$/, ''));
}

/**
 * The targets of an imported module (see the file header for what counts).
 *
 * @example
 * ```ts
 * targetsOf({ program: async () => {} }, 'main'); // [{ name: 'main', program }]
 * ```
 */
export function targetsOf(mod: Record<string, unknown>, fallbackName: string): Target[] {
  const list = mod['fixtures'];
  if (Array.isArray(list)) return list.map((f, i) => toTarget(f, `fixtures[${i}]`));
  if (mod['fixture'] !== undefined) return [toTarget(mod['fixture'], 'fixture')];
  const program = mod['program'] ?? mod['default'];
  if (typeof program === 'function') return [{ name: fallbackName, program: program as Program }];
  throw new UsageError('the module exports no `fixtures` list, `fixture`, `program` or default program function');
}

function toTarget(value: unknown, where: string): Target {
  if (typeof value !== 'object' || value === null) throw new UsageError(`${where} is not an object`);
  const o = value as Record<string, unknown>;
  const { name, program, expect, race, sharedState } = o;
  if (typeof name !== 'string' || typeof program !== 'function') throw new UsageError(`${where} needs a string \`name\` and a \`program\` function`);
  const t: Target = { name, program: program as Program };
  if (expect !== undefined) {
    if (!Array.isArray(expect) || !expect.every((k): k is string => typeof k === 'string')) throw new UsageError(`${where}.expect must be a list of finding kinds`);
    t.expect = expect;
  }
  if (race === true) t.race = true;
  if (sharedState !== undefined) {
    if (sharedState !== 'anywhere' && sharedState !== 'objects') throw new UsageError(`${where}.sharedState must be 'anywhere' or 'objects'`);
    t.sharedState = sharedState;
  }
  return t;
}
