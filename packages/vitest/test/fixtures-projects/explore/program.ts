/**
 * A module for `interleave explore` that default-exports one program: two
 * goroutines each wait for the other's message first, so it always deadlocks.
 */
import { chan, go } from '@interleave/core';

export default async function program(): Promise<void> {
  const ping = chan<string>();
  const pong = chan<string>();
  go(async () => {
    await ping.recv();
    await pong.send('pong');
  }, 'ponger');
  await pong.recv();
  await ping.send('ping');
}
