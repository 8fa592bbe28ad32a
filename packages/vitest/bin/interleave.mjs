#!/usr/bin/env node
// The `interleave` bin: registers tsx (the workspace runs its TypeScript sources
// without a build), then runs src/cli.ts. The exit code is the command's.
import process from 'node:process';
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
