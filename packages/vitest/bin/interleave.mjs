#!/usr/bin/env node
// The `interleave` bin. It registers tsx first, so that the files it is given
// (`interleave explore program.ts`, a vitest.config.ts) may be TypeScript, then runs
// the command line: the build (dist/cli.js), or the sources when Node runs with
// `--conditions=@interleave/source` (the repository's own scripts do). The exit
// code is the command's.
import process from 'node:process';
import { register } from 'tsx/esm/api';

register();
const { main } = await import('#cli');
process.exitCode = await main(process.argv.slice(2));
