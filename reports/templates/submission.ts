/**
 * The per-submission page. Escaped `{{…}}` only; every value comes from submissionView().
 * The page carries a Content-Security-Policy that allows no script and no network at all.
 */
import { pagePolicy } from './page-policy.js';
import { PRINT_CSS, SUBMISSION_CSS } from './styles.js';

const HEATMAP = `<figure>
<figcaption>{{title}} <span class="muted">{{shape}}</span></figcaption>
<svg xmlns="http://www.w3.org/2000/svg" width="{{width}}" height="{{height}}" viewBox="0 0 {{width}} {{height}}" role="img" aria-label="{{ariaLabel}}">
{{#each colLabels}}<text x="{{at}}" y="16" text-anchor="middle">{{text}}</text>{{/each}}
{{#each rowLabels}}<text x="20" y="{{at}}" text-anchor="end">{{text}}</text>{{/each}}
<svg class="grid" x="{{gridX}}" y="{{gridY}}" width="{{gridWidth}}" height="{{gridHeight}}" viewBox="0 0 {{blockCols}} {{blockRows}}" preserveAspectRatio="none" shape-rendering="crispEdges">
{{#each cells}}{{#if tip}}<rect x="{{x}}" y="{{y}}" width="1" height="1" fill="{{fill}}"><title>{{tip}}</title></rect>{{else}}<rect x="{{x}}" y="{{y}}" width="1" height="1" fill="{{fill}}"/>{{/if}}{{/each}}
{{#if marker}}<rect class="marker" x="{{marker.x}}" y="{{marker.y}}" width="{{marker.size}}" height="{{marker.size}}" fill="none" stroke="#e6007e" stroke-width="3" vector-effect="non-scaling-stroke"/>{{/if}}
</svg>
{{#each texts}}<text class="cell {{ink}}" x="{{x}}" y="{{y}}">{{text}}</text>{{/each}}
</svg>
{{#if note}}<div class="muted small">{{note}}</div>{{/if}}
</figure>`;

const LEGEND = `<div class="small legend-title">{{title}}</div><svg xmlns="http://www.w3.org/2000/svg" width="{{width}}" height="34" viewBox="0 0 {{width}} 34" role="img" aria-label="Colour scale: {{title}}">
{{#each stops}}<rect x="{{x}}" y="2" width="{{../stopWidth}}" height="12" fill="{{fill}}"/>{{/each}}
{{#each labels}}<text x="{{x}}" y="28" text-anchor="{{anchor}}">{{text}}</text>{{/each}}
</svg>{{#if showNonFinite}}<span class="small"><svg width="12" height="12"><rect width="12" height="12" fill="{{nonFiniteFill}}"/></svg> grey = NaN or ±∞</span>{{/if}}`;

const FIGURE = `<div class="figure">
<div class="shapes">{{shapes}}</div>
<div class="muted small">{{summary}}</div>
{{#if channelNote}}<div class="small">{{channelNote}}</div>{{/if}}
{{#if mismatch}}<div>{{mismatch}} <span class="muted small">(outlined in pink)</span></div>{{/if}}
<div class="small muted howto">{{howTo}}</div>
<div class="maps">{{#each heatmaps}}${HEATMAP}{{/each}}</div>
<div class="legends">{{#each legends}}<div>${LEGEND}</div>{{/each}}</div>
{{#if neighbourhoods.length}}<div class="neigh table-wrap" role="region" aria-label="Neighbourhood of the largest difference" tabindex="0">{{#each neighbourhoods}}<table>
<caption>{{caption}}</caption>
<thead><tr><th><span class="sr-only">row, column</span></th>{{#each colHeads}}<th class="num">{{this}}</th>{{/each}}</tr></thead>
<tbody>{{#each rows}}<tr><th class="num">{{head}}</th>{{#each cells}}<td class="{{#if differs}}differs{{/if}}{{#if centre}} centre{{/if}}">{{text}}</td>{{/each}}</tr>{{/each}}</tbody>
</table>{{/each}}</div>{{/if}}
</div>`;

const PASSED_CASES = `<ul class="cases">{{#each cases}}<li><div class="case-line"><span class="cid">{{id}}</span><span class="badge {{status}}">{{statusLabel}}</span><span class="msg">{{message}}</span></div></li>{{/each}}</ul>`;
const VALUE_ITEMS = `{{#each values}}<dt>{{label}}</dt><dd class="mono">{{text}}</dd>{{/each}}`;
const VALUES = `<dl class="values">${VALUE_ITEMS}</dl>`;
const OUTPUT = `{{#if output.harnessTruncated}}<p class="small muted">The grader kept only the first 64 KiB of each stream.</p>{{/if}}
<h3>stdout</h3>
<pre class="output">{{output.stdout}}</pre>
<h3>stderr</h3>
<pre class="output">{{output.stderr}}</pre>`;

export const SUBMISSION_TEMPLATE = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${pagePolicy("'none'")}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="convgrade {{harnessVersion}}">
<title>{{pageTitle}}</title>
<style>${SUBMISSION_CSS}${PRINT_CSS}</style>
</head>
<body>
<main>
{{#if summaryHref}}<p class="small noprint"><a href="{{summaryHref}}">← Class summary</a></p>{{/if}}
<header class="page">
<div>
<h1>{{exerciseTitle}}</h1>
<div>Report for <strong>{{studentId}}</strong> · <span class="badge {{status}}">{{statusLabel}}</span></div>
<dl class="prov">{{#each provenance}}<dt>{{label}}</dt><dd>{{#if title}}<span class="mono" title="{{title}}">{{value}}</span>{{else}}{{value}}{{/if}}</dd>{{/each}}</dl>
</div>
<div class="scorecard">
<div class="muted">Score</div>
<div class="big">{{score}} <span class="of">/ {{maxScore}}</span></div>
<div class="bar {{scoreClass}}"><span style="width: {{percent}}%"></span></div>
<div class="muted small">{{percent}}% · {{passedLine}}</div>
</div>
</header>
{{#if ungradable}}<div class="banner error" role="alert"><strong>This submission could not be graded.</strong>{{error}}<div class="small">Nothing was run, so every question shows 0 points. Fix the problem above and submit again.</div></div>{{/if}}
{{#if loadError}}<div class="banner error" role="alert"><strong>Your solution did not load, so no question answered by code was run.</strong><pre class="load-error">{{loadError}}</pre><div class="small">Fix this first: every code question below waits on it. Questions answered in answers.yaml were still graded.</div></div>{{/if}}
{{#if notes.length}}<div class="banner info" role="note"><strong>How your files were read</strong><ul>{{#each notes}}<li>{{this}}</li>{{/each}}</ul></div>{{/if}}
{{#if basicIsolation}}<div class="banner warn" role="note"><strong>Isolation: basic — not a sandbox.</strong>The code ran as an ordinary process with only time, memory and output limits. That is fine for checking your own work, but this mode is not safe for grading untrusted code.{{#if isolationNote}} <span class="small">({{isolationNote}})</span>{{/if}}</div>{{/if}}
{{#if hidden}}<div class="banner info" role="note"><strong>Graded on hidden cases.</strong>You see each case's result and message and the likely mistake, but not its inputs or expected values.</div>{{/if}}
{{#if toFix.length}}<div class="banner fix" role="note"><strong>{{toFixTitle}}</strong><ul class="tofix">{{#each toFix}}<li><a href="#{{anchor}}">{{id}} · {{title}}</a> <span class="badge {{status}}">{{statusLabel}}</span> {{points}} pts{{#each misconceptions}} — likely mistake <code>{{id}}</code>{{/each}}</li>{{/each}}</ul></div>{{/if}}
{{#if questions.length}}<nav class="overview" aria-label="Questions">
<div class="table-wrap" role="region" aria-label="Questions overview" tabindex="0"><table>
<thead><tr><th>Question</th><th class="qtitle">Title</th><th>Result</th><th class="num">Points</th><th class="qmistake">Likely mistake</th></tr></thead>
<tbody>{{#each questions}}<tr><td>{{#if ../ungradable}}{{id}}{{else}}<a href="#{{anchor}}">{{id}}</a>{{/if}}<span class="qtitle-narrow">{{title}}</span></td><td class="qtitle">{{title}}</td><td><span class="badge {{status}}">{{statusLabel}}</span>{{#if misconceptions.length}}<span class="qmistake-narrow">{{#each misconceptions}}<code>{{id}}</code> {{/each}}</span>{{/if}}{{#if diagnoses.length}}<span class="qmistake-narrow">{{#each diagnoses}}<span class="muted">{{this}}</span> {{/each}}</span>{{/if}}</td><td class="num">{{points}}</td><td class="qmistake">{{#each misconceptions}}<code>{{id}}</code> {{/each}}{{#each diagnoses}}<span class="muted">{{this}}</span> {{/each}}</td></tr>{{/each}}</tbody>
</table></div>
</nav>{{/if}}
{{#each sections}}<section class="question {{status}}" id="{{anchor}}">
<div class="qhead"><span class="badge {{status}}">{{statusLabel}}</span><h2>{{id}} · {{title}}</h2><span class="points">{{points}} pts</span></div>
<div class="qbody">
{{#each misconceptions}}<div class="hint" role="note"><div class="label">Likely mistake: <code>{{id}}</code></div>{{#if hint}}<div class="text">{{hint}}</div>{{/if}}</div>{{/each}}
{{#if notes.length}}<div class="qnotes" role="note"><ul>{{#each notes}}<li>{{this}}</li>{{/each}}</ul></div>{{/if}}
{{#if emptyNote}}<p>{{emptyNote}}</p>{{/if}}
{{#if allPassed}}<details class="screen-only"><summary class="all-passed">{{passedSummary}}</summary>${PASSED_CASES}</details><div class="print-only">${PASSED_CASES}</div>{{else}}{{#if cases.length}}<ul class="cases">{{#each cases}}<li>
<div class="case-line"><span class="cid">{{id}}</span><span class="badge {{status}}">{{statusLabel}}</span><span class="msg">{{message}}</span></div>
{{#if values.length}}{{#if valuesFolded}}<details class="values screen-only"><summary class="small">{{valuesLabel}}</summary>${VALUES}</details><dl class="values print-only">${VALUE_ITEMS}</dl>{{else}}${VALUES}{{/if}}{{/if}}
{{#if figure}}{{#with figure}}${FIGURE}{{/with}}{{/if}}
</li>{{/each}}</ul>{{/if}}{{/if}}
</div>
</section>{{/each}}
{{#if output.shown}}<section class="output">
<details class="screen-only">
<summary><strong>Your program's output</strong> <span class="muted small">{{output.summary}}</span></summary>
${OUTPUT}
</details>
<div class="print-only"><h2>Your program's output</h2>${OUTPUT}</div>
</section>{{/if}}
{{#if output.withheldNote}}<p class="small muted">{{output.withheldNote}}</p>{{/if}}
<footer>Generated by convgrade {{harnessVersion}} from the stored result; this page needs no network and runs no scripts.</footer>
</main>
</body>
</html>
`;
