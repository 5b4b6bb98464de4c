/**
 * The one Handlebars environment of the reports: its own runtime instance (no global helpers or
 * partials) running templates precompiled from reports/templates/*.ts with `strict: true` (a
 * missing field throws instead of printing nothing) and only built-in helpers. Templates use
 * `{{…}}` only, so every interpolation is HTML-escaped; all logic lives in the view models.
 *
 * Precompiling (scripts/precompile-templates.mjs → templates/precompiled.ts, checked fresh by
 * test/reports/precompiled.test.ts) means a render loads only Handlebars' runtime, not its
 * compiler: ~35 ms less on every `convgrade check`.
 */
import Handlebars from 'handlebars/runtime.js';

const env = Handlebars.create();

/** A precompiled template specification, as Handlebars.precompile produced it. */
export type PrecompiledTemplate = Parameters<typeof Handlebars.template>[0];

/** The render function of a precompiled template. */
export function templateFrom<T>(spec: PrecompiledTemplate): (view: T) => string {
  const template = env.template<T>(spec);
  return (view) => template(view);
}
