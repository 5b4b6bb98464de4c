/**
 * The import rules of ARCHITECTURE.md, enforced in CI (`npm run deps`, part of `npm run lint`).
 * Each folder imports only what its row of the folders table allows, and another folder only
 * through its index.ts.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'reference-is-pure',
      comment: 'reference/ imports nothing outside itself: no node:*, no npm packages, no other folder',
      severity: 'error',
      from: { path: '^reference/' },
      to: { pathNot: '^reference/' },
    },
    {
      name: 'spec-imports',
      comment: 'grader/spec/ may import yaml, ajv, the result types and the shared errors',
      severity: 'error',
      from: { path: '^grader/spec/' },
      to: {
        pathNot: [
          '^grader/spec/',
          '^grader/errors\\.ts$',
          '^grader/result\\.ts$',
          '^node_modules/(yaml|ajv|ajv-formats)/',
          '^node:',
        ],
        dependencyTypesNot: ['core'],
      },
    },
    {
      name: 'lang-imports',
      comment:
        'grader/lang/ (the tensor expression language) may import reference/ and grader/spec/ (through their indexes), the result types and errors: it is pure, imported by variant and judge',
      severity: 'error',
      from: { path: '^grader/lang/' },
      to: {
        pathNot: [
          '^grader/lang/',
          '^reference/index\\.ts$',
          '^grader/spec/index\\.ts$',
          '^grader/errors\\.ts$',
          '^grader/result\\.ts$',
        ],
        dependencyTypesNot: ['core'],
      },
    },
    {
      name: 'lang-is-pure',
      comment: 'grader/lang/ imports no node:* module: no files, no processes, no clock but the global one',
      severity: 'error',
      from: { path: '^grader/lang/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'variant-imports',
      comment:
        'grader/variant/ may import reference/ and grader/lang/ (through their indexes), the spec types and errors',
      severity: 'error',
      from: { path: '^grader/variant/' },
      to: {
        pathNot: [
          '^grader/variant/',
          '^reference/index\\.ts$',
          '^grader/lang/index\\.ts$',
          '^grader/spec/index\\.ts$',
          '^grader/errors\\.ts$',
          '^grader/result\\.ts$',
        ],
        dependencyTypesNot: ['core'],
      },
    },
    {
      name: 'judge-imports',
      comment:
        'grader/judge/ may import reference/ and grader/lang/ (through their indexes), the spec and variant types, the result types and errors',
      severity: 'error',
      from: { path: '^grader/judge/' },
      to: {
        pathNot: [
          '^grader/judge/',
          '^reference/index\\.ts$',
          '^grader/lang/index\\.ts$',
          '^grader/spec/index\\.ts$',
          '^grader/variant/index\\.ts$',
          '^grader/errors\\.ts$',
          '^grader/result\\.ts$',
        ],
        dependencyTypesNot: ['core'],
      },
    },
    {
      name: 'run-imports',
      comment:
        'grader/run/ launches processes; it imports no maths, no spec, no judge; it is the only importer of execa',
      severity: 'error',
      from: { path: '^grader/run/' },
      to: {
        path: ['^reference/', '^grader/(spec|lang|variant|judge)/', '^reports/', '^cli/'],
      },
    },
    {
      name: 'only-run-imports-execa',
      severity: 'error',
      from: { pathNot: ['^grader/run/', '^test/', '^bench/'] },
      to: { path: '^node_modules/execa/' },
    },
    {
      name: 'only-run-spawns',
      comment: 'child processes are started in grader/run/ only (and by tests and benchmarks)',
      severity: 'error',
      from: { pathNot: ['^grader/run/', '^test/', '^bench/', '^cli/'] },
      to: { path: '^child_process$', dependencyTypes: ['core'] },
    },
    {
      name: 'result-is-types-only',
      severity: 'error',
      from: { path: '^grader/result\\.ts$' },
      to: { pathNot: '^grader/result\\.ts$' },
    },
    {
      name: 'reports-import-result-types-only',
      comment: 'reports/ are pure renderers: type imports from grader/result.ts, handlebars, and their own files',
      severity: 'error',
      from: { path: '^reports/' },
      to: {
        pathNot: ['^reports/', '^grader/result\\.ts$', '^node_modules/handlebars/'],
      },
    },
    {
      name: 'reports-runtime-from-result',
      comment: 'reports/ may only `import type` from the grader',
      severity: 'error',
      from: { path: '^reports/' },
      to: { path: '^grader/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'nothing-imports-cli',
      severity: 'error',
      from: { pathNot: ['^cli/', '^test/', '^bench/'] },
      to: { path: '^cli/' },
    },
    {
      name: 'downstream-never-reaches-back',
      comment: 'reference/, grader/ and reports/ never import tests or benchmarks',
      severity: 'error',
      from: { path: '^(reference|grader|reports|cli)/' },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'cross-folder-through-index',
      comment: 'another top-level folder (or grader sub-folder) is imported only through its index.ts',
      severity: 'error',
      from: { path: '^(reference|grader/[a-z-]+|reports|cli|bench)/' },
      to: {
        path: '^(reference|grader/(spec|lang|variant|judge|run)|reports)/(?!index\\.ts$)',
        pathNot: '^$1/',
      },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
