#!/usr/bin/env node
// CommonJS (bin/package.json): starting through Node's ESM loader costs ~5 ms more per start (P1).
// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS
require('./load-bundle.cjs').runBundle();
