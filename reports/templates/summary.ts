/**
 * The class summary page. Escaped `{{…}}` only; every value comes from summaryView(). Its only
 * script is the table sorter, allowed by hash in the Content-Security-Policy.
 */
import { pagePolicy } from './page-policy.js';
import { SORT_SCRIPT, SORT_SCRIPT_SHA256 } from './summary-script.js';
import { BASE_CSS, PRINT_CSS } from './styles.js';

const SUMMARY_CSS = `${BASE_CSS}
.stats { display: flex; gap: 12px; flex-wrap: wrap; margin: 12px 0 20px; }
.stat { border: 1px solid var(--line); border-radius: 8px; padding: 8px 16px; min-width: 120px; }
.stat .value { font-size: 1.6rem; font-weight: 700; }
.stat .label { color: var(--muted); font-size: 0.85rem; }
section { margin: 28px 0; }
section > h2 { margin-bottom: 8px; }
svg.hist { display: block; max-width: 100%; height: auto; }
svg.hist rect.hbar { fill: var(--accent); }
svg.hist rect.hbar:hover { opacity: 0.8; }
svg text { font: 11px system-ui, sans-serif; fill: var(--svg-ink); }
svg line { stroke: var(--muted); }
.rate { display: flex; width: 240px; max-width: 60vw; height: 14px; border-radius: 7px; overflow: hidden; background: var(--track); }
.rate span { display: block; height: 100%; }
.rate .passed { background: var(--pass); } .rate .partial { background: var(--mid); } .rate .failed { background: var(--fail); }
.rate .error { background: var(--error); } .rate .missing { background: #afb8c1; }
.key { display: flex; gap: 14px; font-size: 0.85rem; color: var(--muted); margin-top: 6px; flex-wrap: wrap; }
.key i { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; }
.key .passed { background: var(--pass); } .key .partial { background: var(--mid); } .key .failed { background: var(--fail); }
.key .error { background: var(--error); } .key .missing { background: #afb8c1; }
table.sortable th button { all: unset; cursor: pointer; font-weight: 600; }
table.sortable th button::after { content: " ↕"; color: var(--muted); font-weight: 400; }
table.sortable th[aria-sort="ascending"] button::after { content: " ↑"; color: var(--ink); }
table.sortable th[aria-sort="descending"] button::after { content: " ↓"; color: var(--ink); }
table.sortable th button:focus-visible { outline: 2px solid var(--accent); }
td.q.passed { color: var(--pass); } td.q.partial { color: var(--partial); } td.q.failed, td.q.error { color: var(--fail); }
td.q.missing { color: var(--missing); }
table code { white-space: nowrap; }
ul.students { margin: 0; padding: 0; list-style: none; display: flex; flex-wrap: wrap; gap: 4px 10px; }
@media (max-width: 640px) { .stat { min-width: 0; flex: 1 1 40%; padding: 6px 10px; } .stat .value { font-size: 1.3rem; } }
@media print { table.sortable th button::after { content: none; } section { break-inside: avoid-page; } .stat { break-inside: avoid; } }
`;

/**
 * The page up to the student table's body. The page is split there so that a class of thousands
 * can be written row by row (cli/class-outputs.ts) instead of rendered as one string (P3).
 */
export const SUMMARY_HEAD_TEMPLATE = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${pagePolicy(`'sha256-${SORT_SCRIPT_SHA256}'`)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>{{pageTitle}}</title>
<style>${SUMMARY_CSS}${PRINT_CSS}</style>
</head>
<body>
<main>
<header class="page">
<div>
<h1>Class summary · {{exerciseTitle}}</h1>
<div class="muted small">{{exerciseLine}}</div>
</div>
</header>
<div class="stats">
<div class="stat"><div class="value">{{total}}</div><div class="label">{{totalLabel}}</div></div>
<div class="stat"><div class="value">{{graded}}</div><div class="label">graded</div></div>
<div class="stat"><div class="value">{{ungradable}}</div><div class="label">not gradable</div></div>
<div class="stat"><div class="value">{{mean}}</div><div class="label">mean of {{maxScore}}</div></div>
<div class="stat"><div class="value">{{median}}</div><div class="label">median of {{maxScore}}</div></div>
<div class="stat"><div class="value">{{range}}</div><div class="label">lowest–highest</div></div>
</div>
{{#if ungradable}}<p class="small muted">Submissions that could not be graded are listed in the table but left out of the histogram, the mean, the median and the pass rates.</p>{{/if}}
<section>
<h2>Score distribution</h2>
{{#with histogram}}<svg class="hist" xmlns="http://www.w3.org/2000/svg" width="{{width}}" height="{{height}}" viewBox="0 0 {{width}} {{height}}" role="img" aria-label="{{ariaLabel}}">
{{#each yTicks}}<line x1="{{../plotLeft}}" x2="{{../plotRight}}" y1="{{y}}" y2="{{y}}" stroke-dasharray="2 3" opacity="0.5"/><text x="34" y="{{y}}" text-anchor="end" dy="4">{{text}}</text>{{/each}}
<line x1="{{plotLeft}}" x2="{{plotRight}}" y1="{{baseline}}" y2="{{baseline}}"/>
{{#each bars}}<rect class="hbar" x="{{x}}" y="{{y}}" width="{{w}}" height="{{h}}"><title>{{tip}}</title></rect><text x="{{mid}}" y="{{y}}" dy="-4" text-anchor="middle">{{count}}</text><text x="{{mid}}" y="{{../baseline}}" dy="15" text-anchor="middle">{{label}}</text>{{/each}}
<text x="{{plotRight}}" y="{{height}}" dy="-2" text-anchor="end">score (points)</text>
<text x="4" y="10">students</text>
</svg>{{/with}}
</section>
<section>
<h2>Questions</h2>
<div class="table-wrap" role="region" aria-label="Questions" tabindex="0"><table>
<thead><tr><th>Question</th><th>Title</th><th class="num">Passed</th><th>Outcomes</th><th class="num">Mean points</th></tr></thead>
<tbody>{{#each questions}}<tr><td>{{id}}</td><td>{{title}}</td><td class="num">{{passRate}}</td><td><div class="rate" title="{{breakdown}}">{{#each segments}}<span class="{{status}}" style="width: {{width}}%" title="{{tip}}"></span>{{/each}}</div><div class="small muted">{{breakdown}}</div></td><td class="num">{{mean}}</td></tr>{{/each}}</tbody>
</table></div>
<div class="key"><span><i class="passed"></i>passed</span><span><i class="partial"></i>partly right</span><span><i class="failed"></i>wrong</span><span><i class="error"></i>crashed</span><span><i class="missing"></i>not answered</span></div>
</section>
<section>
<h2>Misconceptions</h2>
{{#if misconceptions.length}}<div class="table-wrap" role="region" aria-label="Misconceptions" tabindex="0"><table>
<thead><tr><th>Misconception</th><th class="num">Students</th><th>Who</th><th>Hint shown to them</th></tr></thead>
<tbody>{{#each misconceptions}}<tr><td><code>{{id}}</code></td><td class="num">{{count}}</td><td><ul class="students">{{#each students}}<li><a href="{{href}}">{{id}}</a></li>{{/each}}</ul></td><td class="small">{{hint}}</td></tr>{{/each}}</tbody>
</table></div>{{else}}<p>No known misconception was matched.</p>{{/if}}
</section>
<section>
<h2>Students</h2>
<p class="small muted noprint">Click a column header to sort.</p>
<div class="table-wrap" role="region" aria-label="Students" tabindex="0"><table class="sortable" id="students">
<thead><tr><th data-type="text"><button type="button">Student</button></th><th class="num" data-type="number"><button type="button">Score</button></th><th class="num" data-type="number"><button type="button">%</button></th><th data-type="text"><button type="button">Status</button></th>{{#each questionHeads}}<th class="num" data-type="number" title="{{title}}"><button type="button">{{id}}</button></th>{{/each}}<th data-type="text"><button type="button">Misconceptions</button></th></tr></thead>
<tbody>`;

/** One row of the student table; its context is one student of summaryView(). */
export const SUMMARY_ROW_TEMPLATE = `<tr><td data-sort="{{id}}"><a href="{{href}}">{{id}}</a></td><td class="num" data-sort="{{scoreSort}}">{{score}}</td><td class="num" data-sort="{{scoreSort}}">{{percent}}</td><td data-sort="{{status}}"><span class="badge {{status}}">{{statusLabel}}</span></td>{{#each cells}}<td class="num q {{status}}" data-sort="{{sort}}">{{text}}</td>{{/each}}<td class="small" data-sort="{{misconceptions}}">{{misconceptions}}</td></tr>`;

/** The rest of the page after the student rows. */
export const SUMMARY_TAIL_TEMPLATE = `</tbody>
</table></div>
</section>
<footer>Generated by convgrade from the stored results; this page needs no network.</footer>
</main>
<script>${SORT_SCRIPT}</script>
</body>
</html>
`;

/** The whole page as one template: what the three above render, one after another. */
export const SUMMARY_TEMPLATE = `${SUMMARY_HEAD_TEMPLATE}{{#each students}}${SUMMARY_ROW_TEMPLATE}{{/each}}${SUMMARY_TAIL_TEMPLATE}`;
