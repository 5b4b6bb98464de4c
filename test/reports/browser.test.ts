/**
 * The pages in a real browser: Debian's chromium driven by playwright-core (never a downloaded
 * browser). Opens a per-submission report and the class summary from file://, fails on any
 * console error or page error (a Content-Security-Policy violation is one), checks that the
 * heatmaps are drawn, that a hostile <script> in student output stays text, that the students
 * table sorts, and that the JUnit XML parses; screenshots go to test-output/screenshots/.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderJunit, renderSubmissionHtml, renderSummaryHtml } from '../../reports/index.js';
import { loadClass } from './helpers.js';

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

describe.skipIf(!hasChromium)(`reports in chromium (${CHROMIUM})`, () => {
  let dir = '';
  let context: BrowserContext;
  const results = loadClass();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'convgrade-browser-'));
    mkdirSync(join(dir, 'reports'));
    mkdirSync(screenshots, { recursive: true });
    for (const r of results)
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
});
