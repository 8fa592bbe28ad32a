/**
 * A module for `interleave explore`: a `fixtures` list with what each program
 * must produce (a clean hand-off, a leak, a deadlock).
 */
import { chan, go } from '@interleave/core';

export const fixtures = [
  {
    name: 'hand-off',
    expect: [],
    program: async () => {
      const ch = chan<number>();
      go(async () => {
        await ch.send(1);
      });
      await ch.recv();
    },
  },
  {
    name: 'forgotten-receiver',
    expect: ['leak'],
    program: () => {
      const ch = chan<number>();
      go(async () => {
        await ch.recv();
      });
    },
  },
  {
    name: 'send-to-nobody',
    expect: ['deadlock'],
    program: async () => {
      await chan<number>().send(1);
    },
  },
];
