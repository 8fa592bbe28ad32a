/**
 * A module for `interleave explore --explore-shard`: one program, a send nobody
 * receives (always Go's deadlock), under two expectations. `expects-more` also
 * expects a panic, which a part of the exploration may not find; `expects-leak`
 * expects a leak, so the deadlock is a kind it does not expect.
 */
import { chan } from '@interleave/core';

const sendToNobody = async (): Promise<void> => {
  await chan<number>().send(1);
};

export const fixtures = [
  { name: 'expects-more', expect: ['deadlock', 'panic'], program: sendToNobody },
  { name: 'expects-leak', expect: ['leak'], program: sendToNobody },
];
