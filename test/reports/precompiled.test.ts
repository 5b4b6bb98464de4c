/**
 * reports/templates/precompiled.ts is generated from the template sources; a template edited
 * without `npm run templates` would render stale pages, so its freshness is a test.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
// @ts-expect-error: a plain .mjs build script without declarations
import { precompiledModule, templateSources } from '../../scripts/precompile-templates.mjs';
import { SUBMISSION_TEMPLATE } from '../../reports/templates/submission.js';
import * as summary from '../../reports/templates/summary.js';

describe('precompiled report templates', () => {
  it('match the template sources (run `npm run templates` after editing a template)', () => {
    const committed = readFileSync(new URL('../../reports/templates/precompiled.ts', import.meta.url), 'utf8');
    const sources = (templateSources as (a: string, b: typeof summary) => Record<string, string>)(
      SUBMISSION_TEMPLATE,
      summary,
    );
    const fresh = (precompiledModule as (t: Record<string, string>) => string)(sources);
    expect(committed === fresh).toBe(true);
  });
});
