// Regenerates the seccomp filters of the sandbox (SECURITY.md S11) from
// grader/run/seccomp/policy.json: compiles scripts/seccomp/generate.c against libseccomp
// (Debian: apt-get install gcc libseccomp-dev) and runs it once per architecture, writing
// grader/run/seccomp/<arch>.bpf and manifest.json (the libseccomp version and what every name
// became). The filters are committed, so installing or packaging convgrade needs no compiler;
// test/grader/run/seccomp.test.ts regenerates them and checks the bytes are the same. The same
// run regenerates the test fixture test/fixtures/seccomp/ (Docker's default profile, with which
// the tests simulate a Gradescope container).
//
//   npm run seccomp                      rewrite the committed filters
//   node scripts/seccomp.mjs --out DIR   write them to DIR/<target>/ instead (what the test does)
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const TARGETS = [
  {
    name: 'product',
    dir: join(root, 'grader', 'run', 'seccomp'),
    policy: 'policy.json',
    arches: ['x86_64', 'aarch64'],
  },
  {
    name: 'docker-sim',
    dir: join(root, 'test', 'fixtures', 'seccomp'),
    policy: 'docker-default-policy.json',
    arches: ['x86_64'],
  },
];
const ERRNO = { EPERM: 1, ENOSYS: 38 };

/** The generator's input for one architecture. */
export function rulesFor(policy, arch) {
  const errno = (name) => {
    const n = ERRNO[name];
    if (n === undefined) throw new Error(`Unknown errno ${name} in policy.json`);
    return n;
  };
  const lines = [`default errno ${errno(policy.defaultErrno)}`];
  for (const name of [...policy.allow, ...(policy.allowOn[arch] ?? [])]) lines.push(`allow ${name}`);
  for (const rule of policy.allowIf) {
    const values = rule.op === 'masked_eq' ? `${rule.mask} ${rule.value}` : rule.value;
    lines.push(`allow-if ${rule.name} ${rule.arg} ${rule.op} ${values}`);
  }
  for (const rule of policy.errno) lines.push(`errno ${rule.name} ${errno(rule.errno)}`);
  for (const name of policy.mustDeny) lines.push(`resolve ${name}`);
  return `${lines.join('\n')}\n`;
}

/** Parses the generator's stdout into the manifest entry of one architecture. */
function parseReport(text) {
  const [first, ...rest] = text.trim().split('\n');
  const version = /^libseccomp (\S+)$/.exec(first ?? '')?.[1];
  if (version === undefined) throw new Error(`Unexpected generator output: ${first}`);
  const numbers = {};
  const skipped = [];
  for (const line of rest) {
    const [verb, name, nr] = line.split(' ');
    if (verb === 'skip') skipped.push(name);
    else if (Number(nr) >= 0) numbers[name] = Number(nr);
  }
  return { version, numbers, skipped };
}

export function generate(target, outDir) {
  mkdirSync(outDir, { recursive: true });
  const policy = JSON.parse(readFileSync(join(target.dir, target.policy), 'utf8'));
  const build = mkdtempSync(join(tmpdir(), 'convgrade-seccomp-'));
  try {
    const generator = join(build, 'generate');
    execFileSync(
      'cc',
      ['-O2', '-Wall', '-Wextra', '-o', generator, join(root, 'scripts', 'seccomp', 'generate.c'), '-lseccomp'],
      {
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    const manifest = { libseccomp: '', arches: {} };
    for (const arch of target.arches) {
      const file = join(outDir, `${arch}.bpf`);
      const out = execFileSync(generator, [arch, file], { input: rulesFor(policy, arch), encoding: 'utf8' });
      const report = parseReport(out);
      manifest.libseccomp = report.version;
      const bytes = readFileSync(file);
      manifest.arches[arch] = {
        file: `${arch}.bpf`,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        instructions: bytes.length / 8,
        numbers: report.numbers,
        skipped: report.skipped,
      };
    }
    writeFileSync(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    return manifest;
  } finally {
    rmSync(build, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--out');
  for (const target of TARGETS) {
    const outDir = at > 0 ? join(resolve(process.argv[at + 1] ?? '.'), target.name) : target.dir;
    const manifest = generate(target, outDir);
    const sizes = Object.entries(manifest.arches).map(([arch, entry]) => `${arch} ${entry.instructions} instructions`);
    process.stdout.write(`Wrote ${outDir} (libseccomp ${manifest.libseccomp}): ${sizes.join(', ')}\n`);
  }
}
