// Copies non-TypeScript runtime assets (relays, templates, schemas) next to the compiled code,
// so dist/ is self-contained and resolves them relative to import.meta.url.
import { cpSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';
import { mkdirSync } from 'node:fs';

const roots = ['reference', 'grader', 'reports', 'cli'];
// LICENSE files travel with the third-party data they cover (grader/run/nbformat/).
const assetExt = /(\.(py|mjs|cjs|json|hbs|css|svg|pl|bpf)|^LICENSE)$/;

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (assetExt.test(name)) {
      const target = join('dist', relative('.', path));
      mkdirSync(dirname(target), { recursive: true });
      cpSync(path, target);
    }
  }
}
for (const root of roots) if (existsSync(root)) walk(root);
