/**
 * Headless Chromium for the page tests: Debian's `chromium` driven by
 * playwright-core (development dependencies only: nothing the product runs
 * needs either). A fresh profile per launch, no network services, no GPU.
 * Where Chromium is not installed, {@link chromiumMissing} says why, and the
 * tests that need it are skipped with that message.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's chromium package installs it here (`INTERLEAVE_CHROMIUM` names another binary, or a missing one to see the skip). */
export const CHROMIUM = process.env.INTERLEAVE_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Why the browser tests cannot run here, or undefined when they can.
 *
 * @example
 * ```ts
 * it('renders', (ctx) => { if (chromiumMissing()) ctx.skip(chromiumMissing()); });
 * ```
 */
export function chromiumMissing(): string | undefined {
  return existsSync(CHROMIUM) ? undefined : `skipped: no ${CHROMIUM} (install it with \`apt-get install -y chromium\` as root; .ci/run does where it can)`;
}

/**
 * A headless browser with a fresh profile; `close` removes the profile.
 *
 * @example
 * ```ts
 * const browser = await launch();
 * const page = await browser.context.newPage();
 * await browser.close();
 * ```
 */
export async function launch(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'interleave-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
