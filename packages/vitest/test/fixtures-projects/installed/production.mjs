// A plain Node script (no test runner, no run()): the primitives in production
// mode. A crawler with at most 2 fetches at once, an ErrGroup and a context
// timeout: three short fetches finish, the long one is cut off by the deadline.
import console from 'node:console';
import { after, chan, context, ErrGroup, recv, select } from '@interleave/core';

async function crawl(ctx, jobs) {
  const [group, groupCtx] = ErrGroup.withContext(ctx);
  group.setLimit(2);
  const results = chan(jobs.length);
  for (const [url, ms] of jobs) {
    group.go(async () => {
      const page = await select(
        recv(after(ms), () => `fetched ${url}`),
        recv(groupCtx.done(), () => undefined),
      );
      if (page === undefined) return groupCtx.err();
      await results.send(page);
    });
  }
  const err = await group.wait();
  results.close();
  const pages = [];
  for await (const page of results) pages.push(page);
  return { pages: pages.sort(), err: err instanceof Error ? err.message : String(err) };
}

const [ctx, cancel] = context.withTimeout(context.background(), 300);
const result = await crawl(ctx, [['/a', 5], ['/b', 10], ['/c', 20], ['/slow', 5_000]]);
cancel();
console.log(JSON.stringify(result));
