import { existsSync, readFileSync } from 'node:fs';

let cached: string | undefined;

/** The harness version recorded in every result: package.json's version. */
export function harnessVersion(): string {
  if (cached === undefined) {
    // ../../ from dist/cli/, ../ from cli/ when run from source (tests).
    const url =
      [new URL('../../package.json', import.meta.url), new URL('../package.json', import.meta.url)].find((u) =>
        existsSync(u),
      ) ?? new URL('../../package.json', import.meta.url);
    const pkg = JSON.parse(readFileSync(url, 'utf8')) as { version?: unknown };
    cached = typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  }
  return cached;
}
