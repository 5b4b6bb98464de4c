/**
 * reports/templates/precompiled.ts is generated from the template sources; a template edited
 * without `npm run templates` would render stale pages, so its freshness is a test.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
// @ts-expect-error: a plain .mjs build script without declarations
import { precompiledModule } from '../../scripts/precompile-templates.mjs';
import { SUBMISSION_TEMPLATE } from '../../reports/templates/submission.js';
import { SUMMARY_TEMPLATE } from '../../reports/templates/summary.js';

describe('precompiled report templates', () => {
  it('match the template sources (run `npm run templates` after editing a template)', () => {
    const committed = readFileSync(new URL('../../reports/templates/precompiled.ts', import.meta.url), 'utf8');
    const fresh = (precompiledModule as (t: Record<string, string>) => string)({
      SUBMISSION_SPEC: SUBMISSION_TEMPLATE,
      SUMMARY_SPEC: SUMMARY_TEMPLATE,
    });
    expect(committed === fresh).toBe(true);
  });
});
