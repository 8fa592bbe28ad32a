/**
 * Runs the documentation's examples: every fenced block opened with ```ts run in
 * docs/*.md and README.md is written to docs/.generated/ and imported, so an
 * example that stops working fails the suite. Blocks check their own results
 * (they throw when something is off).
 */
import { describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const docs = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(docs, '.generated');
const pages = [...readdirSync(docs).filter((f) => f.endsWith('.md')).map((f) => path.join(docs, f)), path.join(docs, '..', 'README.md')];

interface Block {
  page: string;
  line: number;
  code: string;
}

function blocks(page: string): Block[] {
  const found: Block[] = [];
  const lines = readFileSync(page, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() !== '```ts run') continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end]!.trim() !== '```') end++;
    found.push({ page: path.basename(page), line: start + 1, code: lines.slice(start, end).join('\n') });
    i = end;
  }
  return found;
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const all = pages.flatMap(blocks);

describe('documentation examples', () => {
  it('has runnable examples', () => {
    expect(all.length).toBeGreaterThan(5);
  });

  for (const b of all) {
    it(`${b.page}:${b.line}`, async () => {
      const file = path.join(out, `${b.page.replace(/\W/g, '_')}_${b.line}.ts`);
      writeFileSync(file, `${b.code}\nexport {};\n`);
      await import(pathToFileURL(file).href);
    });
  }
});
