// Rewrites the generated function table of docs/authors.md (between its
// `<!-- functions:begin -->` and `<!-- functions:end -->` markers) from the registry:
// `npm run docs` (builds first). test/docs/authors.test.ts checks that it is current.
import { readFileSync, writeFileSync } from 'node:fs';
import { functionTable } from '../dist/grader/lang/index.js';

const FILE = 'docs/authors.md';
const text = readFileSync(FILE, 'utf8');
const begin = '<!-- functions:begin -->';
const end = '<!-- functions:end -->';
const from = text.indexOf(begin);
const to = text.indexOf(end);
if (from === -1 || to < from) throw new Error(`${FILE} has no ${begin} … ${end} section`);
writeFileSync(FILE, `${text.slice(0, from + begin.length)}\n${functionTable()}\n${text.slice(to)}`);
