/**
 * The Content-Security-Policy both report pages carry: no network at all, inline styles and
 * `data:` images only, and `scriptSrc` as the one script source (`'none'`, or a script's hash).
 */
export function pagePolicy(scriptSrc: string): string {
  return `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src ${scriptSrc}; base-uri 'none'; form-action 'none'`;
}
