/**
 * The timeline pages of a race, a deadlock and a leak, opened from `file://` in
 * headless Chromium: lanes, highlighted steps and source lines are there, the
 * keyboard steps through the schedule and shows each step's code, the toggle
 * switches schedules, nothing is fetched, and axe finds no WCAG 2 A/AA
 * violation (contrast, names, keyboard). Screenshots go to .interleave/screenshots/.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page as BrowserPage } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, launch } from './chromium.ts';
import { page, repo } from './pages.ts';

const missing = chromiumMissing();
// Said once, whatever the reporter: a skipped describe's title is not always printed.
if (missing !== undefined) console.warn(`timeline page tests ${missing}`);
const out = join(repo, '.interleave', 'screenshots');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let browser: Awaited<ReturnType<typeof launch>> | undefined;
beforeAll(async () => {
  if (missing === undefined) browser = await launch();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

/** Writes the page, opens it from file:// and records every request it makes. */
async function open(name: 'race' | 'deadlock' | 'leak'): Promise<{ tab: BrowserPage; requests: string[]; html: string }> {
  const { html } = await page(name);
  mkdirSync(out, { recursive: true });
  const file = join(out, `timeline-${name}.html`);
  writeFileSync(file, html);
  const tab = await browser!.context.newPage();
  const requests: string[] = [];
  tab.on('request', (r) => { requests.push(r.url()); });
  const errors: string[] = [];
  tab.on('pageerror', (e) => { errors.push(e.message); });
  await tab.goto(pathToFileURL(file).href);
  expect(errors).toEqual([]);
  return { tab, requests, html };
}

async function axe(tab: BrowserPage): Promise<{ id: string; nodes: number }[]> {
  await tab.addScriptTag({ content: axeSource });
  // A string: this package's TypeScript has no DOM types; the page's code is the page's.
  return tab.evaluate<{ id: string; nodes: number }[]>(`axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
    .then((r) => r.violations.map((v) => ({ id: v.id, nodes: v.nodes.length })))`);
}

describe.skipIf(missing !== undefined)(`the timeline page in headless Chromium${missing ? ` (${missing})` : ''}`, () => {
  it('shows the race: lanes, both accesses highlighted with their source lines', async () => {
    const { tab, requests } = await open('race');
    const lanes = await tab.locator('#trace-shrunk .lane-name').allTextContents();
    expect(lanes).toEqual(['g1 main', 'g2 locked', 'g3 unlocked']);
    expect(await tab.locator('#trace-shrunk .mark.hl').count()).toBeGreaterThanOrEqual(2);
    const finding = await tab.locator('.finding').innerText();
    expect(finding).toContain('write of shared balance by g2 locked');
    expect(finding).toContain('read of shared balance by g3 unlocked');
    expect(finding).toContain('if (balance.value < 50) return; // reads without the lock');
    expect(finding).toContain('balance.value = balance.value - 30;');
    await tab.screenshot({ path: join(out, 'timeline-race.png'), fullPage: true });
    expect(requests.every((u) => u.startsWith('file:'))).toBe(true);
    expect(await axe(tab)).toEqual([]);
    await tab.close();
  });

  it('steps through the schedule with the keyboard, showing each step and its code', async () => {
    const { tab } = await open('race');
    // Tab from the top reaches the schedule's one tab stop after the page's buttons.
    let focused = '';
    for (let i = 0; i < 20 && !focused.includes('mark'); i++) {
      await tab.keyboard.press('Tab');
      focused = await tab.evaluate<string>("document.activeElement?.getAttribute('class') ?? ''");
    }
    expect(focused).toContain('mark');
    const k = async (): Promise<number> => Number(await tab.evaluate<string | null>("document.activeElement?.getAttribute('data-k')"));
    await tab.keyboard.press('Home');
    expect(await k()).toBe(0);
    await tab.keyboard.press('ArrowDown');
    expect(await k()).toBe(1);
    await tab.keyboard.press('End');
    const last = await k();
    expect(last).toBe(await tab.locator('#trace-shrunk .mark').count() - 1);
    await tab.keyboard.press('ArrowUp');
    expect(await k()).toBe(last - 1);
    expect(await tab.locator('#detail').innerText()).toMatch(new RegExp(`^${last}\\s+g\\d.*Step ${last} of \\d+`, "s"));
    // A highlighted step shows its source line, marked, with the code around it.
    await tab.locator('.finding button.goto').first().click();
    const detail = await tab.locator('#detail').innerText();
    expect(detail).toMatch(/packages\/explorer\/test\/timeline\/programs\.ts:\d+/);
    expect((await tab.locator('#detail .at').allInnerTexts()).join('\n')).toMatch(/balance\.value/);
    await tab.close();
  });

  it('shows the deadlock cycle and switches to the schedule as found', async () => {
    const { tab } = await open('deadlock');
    expect(await tab.locator('#trace-shrunk .lane-hl .lane-name').allTextContents()).toEqual(['g1 main', 'g2 inverted']);
    const finding = await tab.locator('.finding').innerText();
    expect(finding).toMatch(/g1 main blocks here \[sync\.Mutex\.Lock\] on mutex#\d+, held by g2 inverted since step \d+/);
    expect(await tab.locator("#trace-shrunk .edge-waits").count()).toBe(2);
    expect(finding).toMatch(/g2 inverted blocks here \[sync\.Mutex\.Lock\]/);
    expect(finding).toContain('await accounts.a.lock();');
    const toggle = tab.locator('#toggle');
    await toggle.focus();
    await tab.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    expect(await tab.locator('#trace-original').isVisible()).toBe(true);
    expect(await tab.locator('#trace-shrunk').isVisible()).toBe(false);
    expect(await tab.locator('#trace-original .mark.hl').count()).toBeGreaterThanOrEqual(2);
    expect(await axe(tab)).toEqual([]);
    await tab.keyboard.press('Enter');
    expect(await tab.locator('#trace-shrunk').isVisible()).toBe(true);
    await tab.screenshot({ path: join(out, 'timeline-deadlock.png'), fullPage: true });
    await tab.close();
  });

  it('shows the leaked goroutine and where it blocks', async () => {
    const { tab } = await open('leak');
    const finding = await tab.locator('.finding').innerText();
    expect(finding).toMatch(/g\d worker-\d blocks here \[chan send\]/);
    expect(finding).toContain('is still waiting [chan send]');
    expect(finding).toContain("go(async () => { await results.send(n * 10); }");
    expect(await tab.locator('#trace-shrunk .edge-sync').count()).toBeGreaterThanOrEqual(1);
    await tab.screenshot({ path: join(out, 'timeline-leak.png'), fullPage: true });
    expect(await axe(tab)).toEqual([]);
    await tab.close();
  });
});
