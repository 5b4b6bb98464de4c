/**
 * The pages in a real browser: Debian's chromium driven by playwright-core (never a downloaded
 * browser). Opens a per-submission report and the class summary from file://, fails on any
 * console error or page error (a Content-Security-Policy violation is one), checks that the
 * heatmaps are drawn, that a hostile <script> in student output stays text, that the students
 * table sorts, and that the JUnit XML parses. Then every kind of page at 375 and 1280 px wide
 * (the page never scrolls sideways), in dark mode, through axe-core (0 violations, injected
 * offline from node_modules), and printed to PDF; screenshots go to test-output/screenshots/.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderJunit, renderSubmissionHtml, renderSummaryHtml } from '../../reports/index.js';
import type { SubmissionResult } from '../../grader/result.js';
import { loadClass, loadResult, unloadable, variant } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];
const screenshots = resolve(import.meta.dirname, '..', '..', 'test-output', 'screenshots');
const hasChromium = existsSync(CHROMIUM);

if (!hasChromium)
  console.warn(
    `Skipping the browser test: ${CHROMIUM} is not installed (CI installs it with apt-get install chromium)`,
  );

/** One page of each kind a student or TA can get, beyond the sample class. */
function extraKinds(): SubmissionResult[] {
  const loadError = variant(unloadable(), (r) => {
    r['submission'] = { ...r.submission, id: 'gina-load-error' };
  });
  const notebook = variant(loadResult('carol-q3-shape'), (r) => {
    r['submission'] = {
      ...r.submission,
      id: 'judy-notebook',
      notes: [
        'Dropped IPython magic in cell 2, line 1: %matplotlib inline',
        'Skipped cell 14: it starts with the cell magic %%time',
      ],
    };
  });
  return [loadError, notebook];
}

/** axe-core's source, injected into the page by evaluation (the pages' CSP allows no script tag). */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

describe.skipIf(!hasChromium)(`reports in chromium (${CHROMIUM})`, () => {
  let dir = '';
  let context: BrowserContext;
  const results = loadClass();
  const extras = extraKinds();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'convgrade-browser-'));
    mkdirSync(join(dir, 'reports'));
    mkdirSync(screenshots, { recursive: true });
    for (const r of [...results, ...extras])
      writeFileSync(
        join(dir, 'reports', `${r.submission.id}.html`),
        renderSubmissionHtml(r, { summaryHref: '../summary.html' }),
      );
    writeFileSync(
      join(dir, 'summary.html'),
      renderSummaryHtml(results, { reportHref: (id) => `reports/${encodeURIComponent(id)}.html` }),
    );
    context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 1200, height: 900 },
      offline: true,
    });
  });

  afterAll(async () => {
    await context?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Open a page and collect every console error and uncaught page error. */
  async function open(path: string): Promise<{ page: Page; problems: string[] }> {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning')
        problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('request', (request) => {
      if (!request.url().startsWith('file:')) problems.push(`network request: ${request.url()}`);
    });
    await page.goto(pathToFileURL(join(dir, path)).href, { waitUntil: 'load' });
    return { page, problems };
  }

  it('draws the heatmaps of a wrong array answer and keeps a hostile <script> as text', async () => {
    const { page, problems } = await open('reports/bob.html');
    const fills = await page.$$eval('svg.grid rect', (rects) => rects.map((r) => r.getAttribute('fill') ?? ''));
    expect(fills.filter((f) => /^#[0-9a-f]{6}$/.test(f)).length).toBe(48);
    expect(new Set(fills).size).toBeGreaterThan(10);
    const box = await page.locator('svg.grid').first().boundingBox();
    expect(box?.width).toBeGreaterThan(100);
    await expect.poll(() => page.locator('.hint').first().isVisible()).toBe(true);
    await page.locator('section.output summary').click();
    const stdout = await page.locator('pre.output').first().innerText();
    expect(stdout).toContain('<script>window.__pwned = true</script>');
    expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await page.locator('pre.output img').count()).toBe(0);
    await page.locator('#question-q5').screenshot({ path: join(screenshots, 'bob-q5.png') });
    await page.screenshot({ path: join(screenshots, 'bob.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it.each(['alice', 'carol', 'dave', 'erin', 'frank'])('renders the report of %s without errors', async (id) => {
    const { page, problems } = await open(`reports/${id}.html`);
    expect(await page.locator('.scorecard .big').innerText()).toMatch(/\d+(\.\d+)? \/ 11/);
    await page.screenshot({ path: join(screenshots, `${id}.png`), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('sorts the students table of the summary by a clicked column', async () => {
    const { page, problems } = await open('summary.html');
    const firstColumn = (): Promise<string[]> =>
      page.$$eval('#students tbody tr', (rows) => rows.map((r) => r.cells[0]?.textContent ?? ''));
    expect(await firstColumn()).toEqual(['alice', 'bob', 'carol', 'dave', 'erin', 'frank']);
    expect(await page.locator('svg.hist rect.hbar').count()).toBe(12);
    await page.screenshot({ path: join(screenshots, 'summary.png'), fullPage: true });
    const score = page.locator('#students thead button', { hasText: /^Score$/ });
    await score.click();
    expect(await firstColumn()).toEqual(['erin', 'dave', 'frank', 'carol', 'bob', 'alice']);
    await score.click();
    expect(await firstColumn()).toEqual(['alice', 'bob', 'carol', 'frank', 'dave', 'erin']);
    expect(await page.locator('#students thead th[aria-sort="descending"]').innerText()).toContain('Score');
    await page.locator('#students thead button', { hasText: /^q5$/ }).click();
    expect((await firstColumn()).slice(0, 2).sort()).toEqual(['bob', 'dave']);
    await page.locator('#students').screenshot({ path: join(screenshots, 'summary-sorted.png') });
    await page.locator('#students a', { hasText: 'bob' }).click();
    await page.waitForURL(/reports\/bob\.html$/);
    expect(await page.locator('h1').innerText()).toContain('Convolution');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('parses the JUnit XML with the browser XML parser', async () => {
    const { page } = await open('summary.html');
    const xml = renderJunit(results);
    const parsed = await page.evaluate((text) => {
      // Runs in the page; the tsconfig has no DOM library, so describe the little it uses.
      type Doc = { getElementsByTagName(name: string): { length: number } };
      const { DOMParser } = globalThis as unknown as {
        DOMParser: new () => { parseFromString(t: string, type: string): Doc };
      };
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      return {
        error: doc.getElementsByTagName('parsererror').length,
        suites: doc.getElementsByTagName('testsuite').length,
        cases: doc.getElementsByTagName('testcase').length,
        failures: doc.getElementsByTagName('failure').length,
        errors: doc.getElementsByTagName('error').length,
      };
    }, xml);
    expect(parsed).toEqual({ error: 0, suites: 6, cases: 131, failures: 23, errors: 11 });
    await page.close();
  });
  const PAGES = [
    'summary.html',
    ...['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'gina-load-error', 'judy-notebook'].map(
      (id) => `reports/${id}.html`,
    ),
  ];
  const shotName = (path: string): string => path.replace(/^reports\//, '').replace(/\.html$/, '');

  /** How wide the page is against the viewport, and which elements stick out of it. */
  async function widths(page: Page): Promise<{ scroll: number; viewport: number; overflowing: string[] }> {
    return page.evaluate(() => {
      type El = {
        tagName: string;
        className: unknown;
        getBoundingClientRect(): { right: number };
        closest(s: string): unknown;
      };
      const doc = (
        globalThis as unknown as {
          document: {
            documentElement: { scrollWidth: number; clientWidth: number };
            querySelectorAll(s: string): ArrayLike<El>;
          };
        }
      ).document;
      const viewport = doc.documentElement.clientWidth;
      const overflowing = Array.from(doc.querySelectorAll('body *'))
        .filter((el) => el.getBoundingClientRect().right > viewport + 1 && el.closest('.table-wrap') === null)
        .map((el) => `${el.tagName.toLowerCase()}.${String(el.className)}`)
        .slice(0, 5);
      return { scroll: doc.documentElement.scrollWidth, viewport, overflowing };
    });
  }

  it.each([375, 1280])(
    'lays every page out within %i px: nothing scrolls sideways but the tables in their own box',
    async (width) => {
      const measured: Record<string, number> = {};
      for (const path of PAGES) {
        const { page, problems } = await open(path);
        await page.setViewportSize({ width, height: 900 });
        const w = await widths(page);
        measured[shotName(path)] = w.scroll;
        expect(w.overflowing, `${path} at ${width} px`).toEqual([]);
        expect(w.scroll, `${path} at ${width} px`).toBeLessThanOrEqual(w.viewport);
        await page.screenshot({ path: join(screenshots, `${shotName(path)}-${width}.png`), fullPage: true });
        expect(problems).toEqual([]);
        await page.close();
      }
      console.info(`page widths at ${width} px: ${JSON.stringify(measured)}`);
    },
  );

  it('scales the histogram to a 375 px screen, every bar and label inside it', async () => {
    const { page } = await open('summary.html');
    await page.setViewportSize({ width: 375, height: 800 });
    const svg = await page.locator('svg.hist').boundingBox();
    const bars = await page.$$eval('svg.hist rect.hbar', (rects) =>
      rects.map((r) => (r as unknown as { getBoundingClientRect(): { right: number } }).getBoundingClientRect().right),
    );
    expect(svg?.width).toBeLessThanOrEqual(375);
    expect(bars).toHaveLength(12);
    for (const right of bars) expect(right).toBeLessThanOrEqual((svg?.x ?? 0) + (svg?.width ?? 0) + 0.5);
    await page.close();
  });

  it("keeps a submission page's question overview whole on a phone: the title under the id, Result and Points in view", async () => {
    for (const path of PAGES.filter((p) => p.startsWith('reports/'))) {
      const { page } = await open(path);
      await page.setViewportSize({ width: 375, height: 900 });
      const fit = await page.evaluate(() => {
        type Box = { scrollWidth: number; clientWidth: number };
        const doc = (globalThis as unknown as { document: { querySelector(s: string): Box | null } }).document;
        const table = doc.querySelector('nav.overview table');
        const wrap = doc.querySelector('nav.overview .table-wrap');
        return table === null || wrap === null ? null : { table: table.scrollWidth, wrap: wrap.clientWidth };
      });
      if (fit === null) {
        await page.close();
        continue;
      }
      expect(fit.table, path).toBeLessThanOrEqual(fit.wrap);
      const narrow = page.locator('nav.overview .qtitle-narrow');
      const rows = await page.locator('nav.overview tbody tr').count();
      expect(await narrow.count(), path).toBe(rows);
      for (let i = 0; i < rows; i++) expect(await narrow.nth(i).isVisible(), path).toBe(true);
      expect(await page.locator('nav.overview td.qtitle').first().isVisible(), path).toBe(false);
      // A likely mistake is shown once: under the result on a phone, in its own column on a desktop.
      const mistakes = await page.locator('nav.overview td.qmistake code').count();
      expect(await page.locator('nav.overview .qmistake-narrow code').count(), path).toBe(mistakes);
      for (const code of await page.locator('nav.overview .qmistake-narrow code').all())
        expect(await code.isVisible(), path).toBe(true);
      if (mistakes > 0)
        expect(await page.locator('nav.overview td.qmistake code').first().isVisible(), path).toBe(false);
      // At desktop width the title has its own column again, once.
      await page.setViewportSize({ width: 1280, height: 900 });
      expect(await narrow.first().isVisible(), path).toBe(false);
      expect(await page.locator('nav.overview td.qtitle').first().isVisible(), path).toBe(true);
      await page.close();
    }
  });

  it('shows a load error once, with the host path made relative to the submission', async () => {
    const { page } = await open('reports/gina-load-error.html');
    const text = await page.locator('main').innerText();
    expect(text.match(/ImportError/g)).toHaveLength(1);
    expect(text).not.toContain('/root/');
    expect(text).toContain('(…/site-packages/scipy/signal/__init__.py)');
    expect(await page.locator('section.question.error').count()).toBe(5);
    expect(await page.locator('section.question.error ul.cases li').count()).toBe(0);
    const height = await page.evaluate(
      () => (globalThis as unknown as { document: { body: { scrollHeight: number } } }).document.body.scrollHeight,
    );
    console.info(`load-error page height at 1200 px: ${height} px`);
    await page.close();
  });

  it.each(['light', 'dark'] as const)('axe-core finds no violation on any page (%s mode)', async (scheme) => {
    const found: Record<string, string[]> = {};
    for (const path of PAGES) {
      const { page } = await open(path);
      await page.emulateMedia({ colorScheme: scheme });
      await page.evaluate(AXE_SOURCE);
      const violations = await page.evaluate(async () => {
        type Axe = { run(options: object): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> };
        const axe = (globalThis as unknown as { axe: Axe }).axe;
        const result = await axe.run({ resultTypes: ['violations'] });
        return result.violations.map(
          (v) =>
            `${v.id}: ${v.nodes
              .map((n) => n.target.join(' '))
              .slice(0, 3)
              .join(', ')}`,
        );
      });
      if (violations.length > 0) found[path] = violations;
      if (scheme === 'dark')
        await page.screenshot({ path: join(screenshots, `${shotName(path)}-dark.png`), fullPage: true });
      await page.close();
    }
    expect(found).toEqual({});
  });

  it('the axe check can fail: a page without its lang attribute is a violation', async () => {
    const { page } = await open('reports/alice.html');
    await page.evaluate(AXE_SOURCE);
    const ids = await page.evaluate(async () => {
      type Axe = { run(options: object): Promise<{ violations: { id: string }[] }> };
      const g = globalThis as unknown as {
        axe: Axe;
        document: { documentElement: { removeAttribute(n: string): void } };
      };
      g.document.documentElement.removeAttribute('lang');
      return (await g.axe.run({ resultTypes: ['violations'] })).violations.map((v) => v.id);
    });
    expect(ids).toContain('html-has-lang');
    await page.close();
  });

  it('prints: every case open, no navigation, each question card on a new page', async () => {
    const { page } = await open('reports/bob.html');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('a', { hasText: 'Class summary' }).isVisible()).toBe(false);
    expect(await page.locator('nav.overview').isVisible()).toBe(false);
    // q1's five passed cases sit in a closed <details> on screen; print shows its print-only copy.
    const q1 = page.locator('#question-q1');
    expect(await q1.locator('.print-only li').count()).toBe(5);
    expect(await q1.locator('.print-only li').first().isVisible()).toBe(true);
    expect(await q1.locator('details').isVisible()).toBe(false);
    expect(await page.locator('section.output .print-only pre.output').first().isVisible()).toBe(true);
    const breaks = await page.$$eval('section.question', (sections) =>
      sections.map(
        (el) =>
          (globalThis as unknown as { getComputedStyle(e: unknown): { breakBefore: string } }).getComputedStyle(el)
            .breakBefore,
      ),
    );
    expect(breaks).toEqual(Array(6).fill('page'));
    await page.setViewportSize({ width: 794, height: 1123 });
    await page.screenshot({ path: join(screenshots, 'bob-print.png'), fullPage: true });
    const pdf = await page.pdf({ format: 'A4', path: join(screenshots, 'bob.pdf') });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length;
    expect(pages).toBeGreaterThanOrEqual(7); // the header page, then one (or more) per question
    await page.close();
  });

  it('prints the class summary without the sorting controls', async () => {
    const { page } = await open('summary.html');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('text=Click a column header to sort.').isVisible()).toBe(false);
    const pdf = await page.pdf({ format: 'A4', path: join(screenshots, 'summary.pdf') });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.close();
  });
});
