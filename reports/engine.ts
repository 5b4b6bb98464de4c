/**
 * The one Handlebars environment of the reports: its own instance (no global helpers or partials),
 * templates compiled once, at module load, with `strict: true` (a missing field throws instead of
 * printing nothing) and only built-in helpers. (Handlebars defers the actual compilation to the
 * first render and caches it; the golden tests render every template, so a broken one fails CI.) Templates use `{{…}}` only, so every interpolation
 * is HTML-escaped; all logic lives in the view-model functions.
 */
import Handlebars from 'handlebars';

const env = Handlebars.create();

const OPTIONS: CompileOptions = { strict: true, knownHelpersOnly: true, preventIndent: true };

/** Compile a template once; the returned function renders a view model. */
export function compileTemplate<T>(source: string): (view: T) => string {
  if (/\{\{\{|\{\{&|\{\{~?>/.test(source)) throw new Error('Report templates use escaped {{…}} interpolation only, without partials');
  const template = env.compile<T>(source, OPTIONS);
  return (view) => template(view);
}
