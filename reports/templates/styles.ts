/** The CSS shared by both report pages, inlined into each page (no external resources). */
export const BASE_CSS = `
:root { color-scheme: light dark; --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg: #f6f8fa; --surface: #fff;
  --pass: #1a7f37; --partial: #9a6700; --fail: #cf222e; --error: #8250df; --missing: #6e7781; --accent: #0969da;
  --track: #eaeef2; --badge-ink: #fff; --warn-bg: #fff8c5; --warn-line: #d4a72c; --error-bg: #ffebe9; --info-bg: #ddf4ff;
  --hint-label: #7d4e00; --svg-ink: #3d444d; --differs-bg: #ffebe9; --differs-ink: #a40e26; --mid: #d4a72c; }
/* Dark mode on screens only: a printed page stays dark ink on white paper. */
@media screen and (prefers-color-scheme: dark) {
  :root { --ink: #e6edf3; --muted: #9198a1; --line: #3d444d; --bg: #151b23; --surface: #0d1117; --pass: #3fb950;
    --partial: #d29922; --fail: #f85149; --error: #ab7df8; --missing: #9198a1; --accent: #4493f8; --track: #262c36;
    --badge-ink: #0d1117; --warn-bg: #272115; --warn-line: #9e6a03; --error-bg: #25171c; --info-bg: #121d2f;
    --hint-label: #e3b341; --svg-ink: #c9d1d9; --differs-bg: #3c1618; --differs-ink: #ffa198; --mid: #d29922; }
}
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--ink); background: var(--surface); }
main { max-width: 1120px; margin: 0 auto; padding: 24px 24px 64px; }
/* Narrow screens (down to 360 px): the page itself never scrolls sideways; wide tables scroll in their own box. */
.table-wrap { max-width: 100%; overflow-x: auto; }
.table-wrap:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
@media screen { .print-only { display: none !important; } }
@media (max-width: 640px) {
  main { padding: 12px 12px 48px; }
  h1 { font-size: 1.3rem; }
  header.page { gap: 12px; }
  .scorecard { min-width: 0; width: 100%; text-align: left; }
}
h1 { font-size: 1.6rem; margin: 0 0 4px; }
h2 { font-size: 1.25rem; margin: 0; }
h3 { font-size: 1rem; margin: 16px 0 8px; }
a { color: var(--accent); }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9em; }
.muted { color: var(--muted); }
.small { font-size: 0.85rem; }
header.page { display: flex; gap: 24px; align-items: flex-start; justify-content: space-between; flex-wrap: wrap;
  border-bottom: 1px solid var(--line); padding-bottom: 16px; margin-bottom: 16px; }
.scorecard { min-width: 220px; text-align: right; }
.scorecard .big { font-size: 2.6rem; font-weight: 700; line-height: 1; }
.scorecard .big .of { font-size: 1.4rem; color: var(--muted); font-weight: 500; }
.bar { height: 10px; background: var(--track); border-radius: 5px; overflow: hidden; margin-top: 8px; }
.bar > span { display: block; height: 100%; background: var(--pass); }
.bar.mid > span { background: var(--mid); }
.bar.low > span { background: var(--fail); }
dl.prov { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 12px 0 0; font-size: 0.85rem; }
dl.prov dt { color: var(--muted); }
dl.prov dd { margin: 0; overflow-wrap: anywhere; }
.banner { border: 1px solid; border-left-width: 6px; border-radius: 6px; padding: 10px 14px; margin: 12px 0; }
.banner strong { display: block; }
.banner.warn { border-color: var(--warn-line); background: var(--warn-bg); }
.banner.error { border-color: var(--fail); background: var(--error-bg); }
.banner.info { border-color: var(--accent); background: var(--info-bg); }
.banner ul { margin: 4px 0 0; padding-left: 20px; }
.banner pre.load-error { margin: 6px 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.banner.fix { border-color: var(--fail); background: var(--surface); }
ul.tofix { margin: 4px 0 0; padding-left: 20px; }
ul.tofix li { margin: 2px 0; }
.legend-title { color: var(--muted); margin-top: 4px; }
.howto { margin-top: 6px; max-width: 900px; }
.badge { display: inline-block; border-radius: 999px; padding: 1px 10px; font-size: 0.8rem; font-weight: 600; color: var(--badge-ink); white-space: nowrap; }
.badge.passed { background: var(--pass); } .badge.partial { background: var(--partial); } .badge.failed { background: var(--fail); }
.badge.error, .badge.timeout { background: var(--error); } .badge.missing, .badge.ungradable { background: var(--missing); }
.badge.graded { background: var(--accent); }
table { border-collapse: collapse; }
th, td { padding: 4px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { background: var(--bg); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
details > summary { cursor: pointer; }
dd, li, .msg { overflow-wrap: anywhere; }
td { overflow-wrap: break-word; }
.table-wrap td, .table-wrap li { overflow-wrap: normal; }
.table-wrap td.small { min-width: 16em; }
pre.output { background: #0d1117; color: #e6edf3; border: 1px solid var(--line); padding: 12px; border-radius: 6px; max-height: 420px; overflow: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
`;

/** CSS of the per-submission page. */
export const SUBMISSION_CSS = `${BASE_CSS}
nav.overview table { width: 100%; }
nav.overview td:first-child { width: 1%; white-space: nowrap; }
/* On a phone the five columns do not fit: the title moves under the question's id and the likely
   mistake under the result (one of each pair is shown, so a screen reader reads it once), and
   Result and Points stay in view. */
nav.overview .qtitle-narrow, nav.overview .qmistake-narrow { display: none; }
section.question { border: 1px solid var(--line); border-radius: 8px; margin: 20px 0; overflow: hidden; }
section.question > .qhead { display: flex; gap: 12px; align-items: center; padding: 10px 16px; background: var(--bg); border-bottom: 1px solid var(--line); }
section.question > .qhead h2 { flex: 1; }
section.question > .qhead .points { font-weight: 700; font-variant-numeric: tabular-nums; }
section.question.passed > .qhead { border-left: 6px solid var(--pass); }
section.question.partial > .qhead { border-left: 6px solid var(--partial); }
section.question.failed > .qhead { border-left: 6px solid var(--fail); }
section.question.error > .qhead { border-left: 6px solid var(--error); }
section.question.missing > .qhead { border-left: 6px solid var(--missing); }
.qbody { padding: 12px 16px; }
.hint { background: var(--warn-bg); border: 1px solid var(--warn-line); border-radius: 8px; padding: 12px 16px; margin: 4px 0 12px; }
.hint .label { font-weight: 700; color: var(--hint-label); }
.hint .text { font-size: 1.05rem; margin-top: 4px; }
.hint code { background: var(--surface); padding: 0 4px; border-radius: 4px; }
.qnotes { border-left: 4px solid var(--warn-line); padding: 4px 12px; margin: 4px 0 12px; }
.qnotes ul { margin: 0; padding-left: 18px; }
ul.cases { list-style: none; padding: 0; margin: 0; }
ul.cases > li { padding: 8px 0; border-top: 1px solid var(--track); }
ul.cases > li:first-child { border-top: 0; }
.case-line { display: flex; gap: 10px; align-items: baseline; }
.case-line .cid { font-weight: 600; min-width: 3.5em; }
.case-line .msg { flex: 1; overflow-wrap: anywhere; }
.values { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 6px 0 0 4.5em; font-size: 0.9rem; }
.values dt { color: var(--muted); }
details.values { margin: 4px 0 0 4.5em; } details.values > dl.values { margin-left: 0; } .values dd { margin: 0; overflow-wrap: anywhere; }
.figure { margin: 12px 0 4px; padding: 12px; border: 1px solid var(--line); border-radius: 8px; background: var(--surface); }
.maps figure svg, .legends svg { max-width: 100%; height: auto; }
.figure .shapes { font-weight: 600; }
.maps { display: flex; gap: 20px; flex-wrap: wrap; align-items: flex-start; margin-top: 8px; }
.maps figure { margin: 0; }
.maps figcaption { font-weight: 600; font-size: 0.9rem; }
.maps figcaption .muted { font-weight: 400; }
.legends { display: flex; gap: 24px; flex-wrap: wrap; margin-top: 4px; }
svg text { font: 11px system-ui, sans-serif; fill: var(--svg-ink); }
svg text.cell { font-size: 11px; text-anchor: middle; }
svg text.cell.dark { fill: #000; } svg text.cell.light { fill: #fff; }
.neigh { display: flex; gap: 24px; flex-wrap: wrap; margin-top: 10px; }
.neigh table { font-size: 0.85rem; font-variant-numeric: tabular-nums; }
.neigh caption { text-align: left; font-weight: 600; font-size: 0.85rem; }
.neigh td { text-align: right; }
.neigh td.differs { background: var(--differs-bg); color: var(--differs-ink); }
.neigh td.centre { outline: 2px solid #e6007e; outline-offset: -2px; font-weight: 700; }
.all-passed { color: var(--pass); }
footer { margin-top: 32px; color: var(--muted); font-size: 0.85rem; }
@media (max-width: 640px) {
  nav.overview .qtitle, nav.overview .qmistake { display: none; }
  nav.overview .qtitle-narrow { display: block; white-space: normal; min-width: 6em; font-size: 0.9em; color: var(--muted); }
  nav.overview .qmistake-narrow { display: block; margin-top: 4px; font-size: 0.9em; overflow-wrap: anywhere; }
  nav.overview th, nav.overview td { padding: 4px 6px; }
  .values, details.values { margin-left: 0; }
  section.question > .qhead { flex-wrap: wrap; padding: 8px 12px; gap: 6px 12px; }
  section.question > .qhead h2 { flex: 1 1 100%; order: -1; font-size: 1.1rem; }
  section.question > .qhead .points { margin-left: auto; }
  .qbody { padding: 10px 12px; }
}
@media print {
  section.question { break-before: page; border-color: #999; }
  section.question > .qhead, .hint, .figure, .maps figure, .neigh table, ul.cases > li { break-inside: avoid; }
  .banner.fix { break-inside: avoid; }
}
`;

/**
 * Print: black ink on white, links as text, no navigation (the back link, the question table, the
 * sort buttons' arrows), everything folded on screen printed open (each fold has a print-only
 * copy, since CSS cannot open a <details>), headings kept with what follows.
 */
export const PRINT_CSS = `
@media print {
  body { font-size: 11pt; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  main { max-width: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
  nav, .noprint, .screen-only { display: none !important; }
  div.print-only, ul.print-only { display: block; }
  .table-wrap { overflow: visible; }
  h1, h2, h3, .qhead, caption, figcaption, summary, .legend-title { break-after: avoid; }
  pre.output { max-height: none; overflow: visible; background: #fff; color: #000; border: 1px solid #999; }
  table { break-inside: auto; } tr { break-inside: avoid; }
}
`;
