/**
 * `timelineHtml`: a {@link Timeline} as one self-contained HTML page (inline
 * CSS, SVG and script; no network, no build step, works from `file://`).
 *
 * Layout: goroutines are columns (lanes, headed by name, id and where they
 * were created), steps are rows in schedule order, so each row holds one mark,
 * in its goroutine's lane, with the operation, object and site written at the
 * right. Happens-before edges between goroutines are arrows from the releasing
 * step to the acquiring one. The finding's steps and goroutines are
 * highlighted and listed above, preempting steps are diamonds. The shrunk
 * schedule is shown; a button switches to the schedule as found.
 *
 * Keyboard: the marks of a schedule are one tab stop (roving tabindex); the
 * arrow keys, Home and End move through the steps, and the focused step's
 * source, with the code around it, is shown below (hover shows it too).
 *
 * Escaping: every text from the program (names, sites, source lines, reports)
 * goes through {@link escapeHtml}, or into the embedded JSON with `<` escaped,
 * which the script puts into the page with `textContent` only.
 */
import { highlights, laneName, type Highlight } from './findings.ts';
import type { Timeline, TimelineStep, TimelineTrace } from './types.ts';

const ROW = 22;
const LANE = 112;
const HEAD = 64;
const PAD = 16;
/** Width of a character of the rows' 12px monospace text. */
const CHAR = 7.3;

/**
 * The timeline page of a failure.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { explore, recordTimeline, timelineHtml } from '@interleave/explorer';
 *
 * const { failure } = await explore(program, { race: true });
 * if (failure) writeFileSync('race.html', timelineHtml(await recordTimeline(program, failure)));
 * ```
 */
export function timelineHtml(timeline: Timeline): string {
  const shrunk = section(timeline, timeline.shrunk, 'shrunk', false);
  const original = timeline.original === undefined ? '' : section(timeline, timeline.original, 'original', true);
  const toggle = timeline.original === undefined
    ? '<p>Shrinking kept the schedule as found: there is no other to show.</p>'
    : `<p><button type="button" id="toggle" aria-pressed="false" aria-controls="trace-shrunk trace-original">Show the schedule as found (${timeline.original.total} steps, ${timeline.original.preemptions} preemptions)</button></p>`;
  const data = JSON.stringify({ sources: timeline.sources }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>interleave: ${escapeHtml(timeline.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${escapeHtml(timeline.title)}</h1>
<p class="finding-line"><strong>${escapeHtml(timeline.kind)}</strong>: ${escapeHtml(withoutKind(timeline.kind, timeline.message))}</p>
</header>
<main>
${findingSection(timeline)}
<section aria-labelledby="schedule-h">
<h2 id="schedule-h">Schedule</h2>
<p class="help">Goroutines are columns, steps go down in schedule order. Arrows are happens-before edges between goroutines (blue: a synchronization, grey dashes: <code>go</code>, red dashes: waits for the lock taken there, or for the goroutine that last did the other side of the channel there). <span class="key-hl">Red</span> marks the finding; a diamond marks a preemption. Tab to the schedule, then use the arrow keys, Home and End to step through it; the step's code is shown below.</p>
${toggle}
${shrunk}
${original}
</section>
<section aria-labelledby="step-h" class="detail">
<h2 id="step-h">Step</h2>
<div id="detail" aria-live="polite"><p>Focus or hover a step to see its code.</p></div>
</section>
<details><summary>The full report</summary><pre>${escapeHtml(timeline.text)}</pre></details>
</main>
<script type="application/json" id="timeline-data">${data}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

/**
 * Text made safe for HTML content and attribute values.
 *
 * @example
 * ```ts
 * escapeHtml('if (a < b && c) "x"'); // 'if (a &lt; b &amp;&amp; c) &quot;x&quot;'
 * ```
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function findingSection(t: Timeline): string {
  const finding = t.shrunk.findings.find((f) => f.kind === t.kind && f.message === t.message) ?? { kind: t.kind, text: t.text, goroutines: [...t.goroutines] };
  const { steps } = highlights(t.shrunk, finding);
  const items = steps.map((h) => `<li><button type="button" class="goto" data-step="${h.index}">step ${h.index + 1}</button> ${escapeHtml(h.what)}${h.site ? ` at <code>${escapeHtml(siteText(h.site))}</code>` : ''}${codeLine(t, h)}</li>`);
  const blocked = t.shrunk.lanes.filter((l) => l.blocked !== undefined && t.goroutines.includes(l.id))
    .map((l) => `<li>${escapeHtml(laneName(t.shrunk, l.id))} is still waiting [${escapeHtml(l.blocked!)}]</li>`);
  const list = [...items, ...blocked];
  return `<section aria-labelledby="finding-h" class="finding">
<h2 id="finding-h">The finding</h2>
${list.length ? `<ul>${list.join('\n')}</ul>` : '<p>The report names no step of this run.</p>'}
</section>`;
}

function codeLine(t: Timeline, h: Highlight): string {
  if (h.site === undefined) return '';
  const line = sourceLine(t, h.site.file, h.site.line);
  return line === undefined ? '' : `<pre class="code-line"><span class="ln">${h.site.line}</span> ${escapeHtml(line)}</pre>`;
}

function sourceLine(t: Timeline, file: string, line: number): string | undefined {
  for (const s of t.sources[file] ?? []) if (line >= s.from && line < s.from + s.lines.length) return s.lines[line - s.from];
  return undefined;
}

function section(t: Timeline, trace: TimelineTrace, id: 'shrunk' | 'original', hidden: boolean): string {
  const finding = trace.findings.find((f) => f.kind === t.kind) ?? { kind: t.kind, text: t.text, goroutines: [...t.goroutines] };
  const { steps: marked, lanes: hlLanes } = highlights(trace, finding);
  const hl = new Set(marked.map((h) => h.index));
  const order = trace.lanes.map((l) => l.id);
  for (const s of trace.steps) if (!order.includes(s.g)) order.push(s.g);
  const x = (g: number): number => PAD + order.indexOf(g) * LANE + LANE / 2;
  const row = new Map(trace.steps.map((s, k) => [s.index, k]));
  const y = (index: number): number => HEAD + (row.get(index) ?? 0) * ROW + ROW / 2;
  const labelX = PAD + order.length * LANE + 8;
  const labels = trace.steps.map((s) => stepLabel(trace, s));
  const width = labelX + Math.max(320, ...labels.map((l) => l.text.length * CHAR)) + PAD;
  const height = HEAD + trace.steps.length * ROW + PAD;
  const heads = order.map((g) => {
    const lane = trace.lanes.find((l) => l.id === g);
    const cls = hlLanes.has(g) ? ' class="lane-hl"' : '';
    const created = lane?.site ? shortSite(lane.site) : '';
    return `<g${cls}><rect x="${x(g) - LANE / 2 + 4}" y="4" width="${LANE - 8}" height="${HEAD - 12}" rx="4" class="lane-head"/>` +
      `<text x="${x(g)}" y="22" text-anchor="middle" class="lane-name">${escapeHtml(clip(laneName(trace, g), 16))}</text>` +
      `<text x="${x(g)}" y="38" text-anchor="middle" class="lane-site">${escapeHtml(created ? `created at` : '')}</text>` +
      `<text x="${x(g)}" y="50" text-anchor="middle" class="lane-site">${escapeHtml(clip(created, 17))}</text>` +
      (lane?.site ? `<title>${escapeHtml(`${laneName(trace, g)}, created at ${siteText(lane.site)}`)}</title>` : '') +
      `<line x1="${x(g)}" y1="${HEAD}" x2="${x(g)}" y2="${height - PAD}" class="lane-line"/></g>`;
  });
  const edges = trace.edges.filter((e) => row.has(e.from) && row.has(e.to)).map((e) => {
    const from = trace.steps[row.get(e.from)!]!;
    const to = trace.steps[row.get(e.to)!]!;
    return `<line x1="${x(from.g)}" y1="${y(e.from)}" x2="${x(to.g)}" y2="${y(e.to)}" class="edge edge-${e.kind}" marker-end="url(#arrow-${id}-${e.kind})"><title>${escapeHtml(e.label)}: step ${e.from + 1} happens before step ${e.to + 1}</title></line>`;
  });
  const waits = marked.filter((h) => h.waitsFor !== undefined && row.has(h.waitsFor) && row.has(h.index)).map((h) => {
    const from = trace.steps[row.get(h.index)!]!;
    const to = trace.steps[row.get(h.waitsFor!)!]!;
    return `<line x1="${x(from.g)}" y1="${y(from.index)}" x2="${x(to.g)}" y2="${y(to.index)}" class="edge edge-waits" marker-end="url(#arrow-${id}-waits)"><title>${escapeHtml(`step ${from.index + 1} waits for step ${to.index + 1}${to.op.startsWith('chan.') ? ' (the other side of its channel)' : ' (the lock taken there)'}`)}</title></line>`;
  });
  // One tab stop per schedule (roving tabindex): the first highlighted step, else the last.
  const stop = marked[0] !== undefined && row.has(marked[0].index) ? row.get(marked[0].index)! : trace.steps.length - 1;
  const marks = trace.steps.map((s, k) => mark(s, labels[k]!, k, { cx: x(s.g), cy: y(s.index), labelX, width }, hl.has(s.index), k === stop));
  const cut = trace.first > 0 ? `<p>The run took ${trace.total} steps; the last ${trace.steps.length} are shown.</p>` : '';
  const head = `${id === 'shrunk' ? 'The shrunk schedule' : 'The schedule as found'}: ${trace.total} steps, ${trace.preemptions} preemption${trace.preemptions === 1 ? '' : 's'}`;
  return `<div class="trace" id="trace-${id}" data-trace="${id}"${hidden ? ' hidden' : ''}>
<h3>${escapeHtml(head)}</h3>${cut}
<div class="scroll">
<svg width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="group" aria-label="${escapeHtml(head)}" data-trace="${id}">
<defs>${arrow(`arrow-${id}-sync`, '#1f5fbf')}${arrow(`arrow-${id}-spawn`, '#595959')}${arrow(`arrow-${id}-waits`, '#b3261e')}</defs>
${heads.join('\n')}
${edges.join('\n')}
${waits.join('\n')}
${marks.join('\n')}
</svg>
</div>
</div>`;
}

/** Where a mark goes: its centre, where its row's text starts, the picture's width. */
interface Place {
  cx: number;
  cy: number;
  labelX: number;
  width: number;
}

function mark(s: TimelineStep, label: { text: string; full: string }, k: number, at: Place, hl: boolean, first: boolean): string {
  const { cx, cy, labelX, width } = at;
  const cls = `mark${hl ? ' hl' : ''}${s.preempts ? ' pre' : ''}`;
  const shape = s.preempts
    ? `<path d="M${cx} ${cy - 7} L${cx + 7} ${cy} L${cx} ${cy + 7} L${cx - 7} ${cy} Z" class="dot"/>`
    : `<circle cx="${cx}" cy="${cy}" r="6" class="dot"/>`;
  // Every site of the step (its own, then its accesses'), for the detail panel's code.
  const sites = [...new Set([s.site, ...s.accesses.map((a) => a.site)].filter((x) => x !== undefined).map((x) => `${x.file}:${x.line}`))];
  const site = sites.length ? ` data-sites="${escapeHtml(sites.join('|'))}"` : '';
  return `<g class="${cls}" tabindex="${first ? 0 : -1}" role="button" data-k="${k}" data-i="${s.index}"${site} aria-label="${escapeHtml(label.full)}">` +
    `<rect x="${PAD / 2}" y="${cy - ROW / 2}" width="${width - PAD}" height="${ROW}" class="row"/>` +
    `${shape}<text x="${labelX}" y="${cy + 4}" class="step-text">${escapeHtml(label.text)}</text></g>`;
}

/**
 * What a step did: its row's text (`6  g2 locked  mutex.lock mutex#2, write shared balance  programs.ts:14:15`)
 * and its accessible name, which starts with that text (WCAG 2.5.3) and adds the full sites.
 */
function stepLabel(trace: TimelineTrace, s: TimelineStep): { text: string; full: string } {
  const acc = s.accesses.map((a) => `, ${a.atomic ? 'atomic ' : ''}${a.write ? 'write' : 'read'} ${a.object}`).join('');
  const flags = `${s.preempts ? ', preempts' : ''}${s.parks ? `, parks [${s.parks}]` : ''}${s.exits ? ', returns' : ''}`;
  const text = `${s.index + 1}  ${laneName(trace, s.g)}  ${s.op}${s.object ? ` ${s.object}` : ''}${acc}${flags}${s.site ? `  ${shortSite(s.site)}` : ''}`;
  const where = [s.site, ...s.accesses.map((a) => a.site)].filter((x) => x !== undefined).map(siteText);
  const full = `${text}. Step ${s.index + 1} of ${trace.total}${where.length ? `, at ${[...new Set(where)].join(' and ')}` : ''}`;
  return { text, full };
}

/** A site by its file's name only: `programs.ts:15:13`. */
function shortSite(site: { file: string; line: number; col: number }): string {
  return `${site.file.slice(site.file.lastIndexOf('/') + 1)}:${site.line}:${site.col}`;
}

function arrow(id: string, color: string): string {
  return `<marker id="${id}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 Z" fill="${color}"/></marker>`;
}

function siteText(site: { file: string; line: number; col: number }): string {
  return `${site.file}:${site.line}:${site.col}`;
}

/** A finding's message without the kind it starts with (`panic: Error: …` under the kind `panic`). */
function withoutKind(kind: string, message: string): string {
  return message.startsWith(`${kind}: `) ? message.slice(kind.length + 2) : message;
}

function clip(text: string, n: number): string {
  return text.length <= n ? text : `…${text.slice(text.length - n + 1)}`;
}

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1a1a1a;background:#fff;margin:0 24px 48px}
h1{font-size:20px;margin:16px 0 4px}h2{font-size:16px;margin:20px 0 6px}h3{font-size:14px;margin:10px 0 6px}
code,pre,.step-text,.lane-site{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.finding-line{margin:0;color:#1a1a1a}.finding-line strong{color:#b3261e}
.finding ul{padding-left:20px}.finding li{margin:4px 0}
.code-line{margin:2px 0 0;background:#f4f4f4;padding:2px 6px;white-space:pre-wrap}
.ln{color:#595959}
button{font:inherit;color:#1a1a1a;background:#f4f4f4;border:1px solid #595959;border-radius:4px;padding:2px 8px;cursor:pointer}
button:focus-visible{outline:3px solid #1f5fbf;outline-offset:2px}
.help{color:#404040;max-width:60em}.key-hl{color:#b3261e;font-weight:600}
.scroll{overflow:auto;max-height:70vh;border:1px solid #c8c8c8}
svg{display:block}
.lane-head{fill:#f4f4f4;stroke:#8a8a8a}.lane-hl .lane-head{fill:#fde8e7;stroke:#b3261e;stroke-width:2}
.lane-name{font-weight:600;fill:#1a1a1a;font-size:12px}.lane-hl .lane-name{fill:#b3261e}
.lane-site{fill:#404040;font-size:10px}
.lane-line{stroke:#c8c8c8;stroke-width:2}
.edge{stroke-width:1.5}.edge-sync{stroke:#1f5fbf}.edge-spawn{stroke:#595959;stroke-dasharray:4 3}.edge-waits{stroke:#b3261e;stroke-width:2;stroke-dasharray:6 3}
.row{fill:transparent}.mark:hover .row,.mark.current .row{fill:#1f5fbf;fill-opacity:.1}
.mark.hl .row{fill:#b3261e;fill-opacity:.12}
.dot{fill:#fff;stroke:#1a1a1a;stroke-width:2}.mark.hl .dot{fill:#b3261e;stroke:#b3261e}
.mark.pre .dot{stroke:#7a4b00;stroke-width:2.5}
.step-text{fill:#1a1a1a;font-size:12px;white-space:pre}.mark.hl .step-text{fill:#8c1d18;font-weight:600}
.mark:focus{outline:none}.mark:focus-visible .row,.mark:focus .row{stroke:#1f5fbf;stroke-width:2}
.detail pre{background:#f4f4f4;padding:8px;overflow:auto}
.detail .at{background:#fff3c4;display:inline-block;min-width:100%}
`;

/** The page's script: focus, hover and keys on marks; the toggle; the detail panel (textContent only). */
const SCRIPT = `
(function(){
  var data = JSON.parse(document.getElementById('timeline-data').textContent);
  var detail = document.getElementById('detail');
  function show(m){
    document.querySelectorAll('.mark.current').forEach(function(e){e.classList.remove('current');});
    m.classList.add('current');
    detail.textContent = '';
    var p = document.createElement('p'); p.textContent = m.getAttribute('aria-label'); detail.appendChild(p);
    (m.getAttribute('data-sites') || '').split('|').filter(Boolean).forEach(function(at){
      var cut = at.lastIndexOf(':');
      code(at.slice(0, cut), Number(at.slice(cut + 1)));
    });
  }
  function code(file, line){
    var snips = data.sources[file] || [];
    for (var i = 0; i < snips.length; i++) {
      var s = snips[i];
      if (line < s.from || line >= s.from + s.lines.length) continue;
      var pre = document.createElement('pre');
      s.lines.forEach(function(text, k){
        var span = document.createElement('span');
        var n = s.from + k;
        span.textContent = String(n).padStart(5) + (n === line ? ' > ' : '   ') + text + '\\n';
        if (n === line) span.className = 'at';
        pre.appendChild(span);
      });
      var cap = document.createElement('p'); cap.textContent = file + ':' + line; detail.appendChild(cap);
      detail.appendChild(pre);
      return;
    }
    var none = document.createElement('p'); none.textContent = file + ':' + line + ' (the source could not be read when the page was written)'; detail.appendChild(none);
  }
  function marks(svg){ return Array.prototype.slice.call(svg.querySelectorAll('.mark')); }
  function go(svg, k){
    var all = marks(svg); if (!all.length) return;
    k = Math.max(0, Math.min(all.length - 1, k));
    all.forEach(function(m){ m.setAttribute('tabindex', '-1'); });
    all[k].setAttribute('tabindex', '0');
    all[k].focus();
  }
  document.querySelectorAll('svg[data-trace]').forEach(function(svg){
    svg.addEventListener('focusin', function(e){ var m = e.target.closest('.mark'); if (m) show(m); });
    svg.addEventListener('mouseover', function(e){ var m = e.target.closest('.mark'); if (m) show(m); });
    svg.addEventListener('keydown', function(e){
      var m = e.target.closest('.mark'); if (!m) return;
      var k = Number(m.getAttribute('data-k')), n = marks(svg).length;
      var to = {ArrowDown:k+1, ArrowRight:k+1, ArrowUp:k-1, ArrowLeft:k-1, Home:0, End:n-1, PageDown:k+10, PageUp:k-10}[e.key];
      if (to === undefined) return;
      e.preventDefault(); go(svg, to);
    });
  });
  var toggle = document.getElementById('toggle');
  function setShown(which){
    var orig = document.getElementById('trace-original'); if (!orig || !toggle) return;
    orig.hidden = which !== 'original';
    document.getElementById('trace-shrunk').hidden = which === 'original';
    toggle.setAttribute('aria-pressed', which === 'original' ? 'true' : 'false');
    toggle.textContent = which === 'original' ? 'Show the shrunk schedule' : toggle.getAttribute('data-label');
  }
  if (toggle) {
    toggle.setAttribute('data-label', toggle.textContent);
    toggle.addEventListener('click', function(){ setShown(toggle.getAttribute('aria-pressed') === 'true' ? 'shrunk' : 'original'); });
  }
  document.querySelectorAll('button.goto').forEach(function(b){
    b.addEventListener('click', function(){
      setShown('shrunk');
      var svg = document.querySelector('svg[data-trace="shrunk"]');
      var all = marks(svg);
      for (var k = 0; k < all.length; k++) if (all[k].getAttribute('data-i') === b.getAttribute('data-step')) return go(svg, k);
    });
  });
})();
`;
