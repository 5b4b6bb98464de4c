/**
 * The committed seccomp filters (SECURITY.md S11): regenerating them from policy.json with
 * libseccomp gives the same bytes, and each filter, run by a classic-BPF interpreter over
 * `struct seccomp_data`, decides as the policy says for every name and argument that matters.
 * The kernel enforcing them is proved by the hostile corpus (kernel-surface fixtures).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadFilter } from '../../../grader/run/seccomp.js';

const DIR = new URL('../../../grader/run/seccomp/', import.meta.url).pathname;
const SCRIPT = new URL('../../../scripts/seccomp.mjs', import.meta.url).pathname;
const DOCKER_SIM = new URL('../../fixtures/seccomp/', import.meta.url).pathname;

interface Policy {
  readonly allow: readonly string[];
  readonly allowOn: Readonly<Record<string, readonly string[]>>;
  readonly mustDeny: readonly string[];
}
interface Manifest {
  readonly libseccomp: string;
  readonly arches: Readonly<
    Record<string, { readonly numbers: Readonly<Record<string, number>>; readonly skipped: readonly string[] }>
  >;
}
const policy = JSON.parse(readFileSync(join(DIR, 'policy.json'), 'utf8')) as Policy;
const manifest = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as Manifest;

const AUDIT_ARCH: Readonly<Record<string, number>> = { x86_64: 0xc000003e, aarch64: 0xc00000b7 };
const AUDIT_ARCH_I386 = 0x40000003;
const ALLOW = 0x7fff0000;
const KILL_PROCESS = 0x80000000;
const errno = (n: number): number => 0x00050000 | n;
const EPERM = errno(1);
const ENOSYS = errno(38);

/** Runs a classic BPF seccomp program on one `struct seccomp_data`; the action it returns. */
export function runBpf(program: Uint8Array, nr: number, arch: number, args: readonly bigint[] = []): number {
  const data = Buffer.alloc(64);
  data.writeUInt32LE(nr >>> 0, 0);
  data.writeUInt32LE(arch >>> 0, 4);
  args.forEach((arg, i) => data.writeBigUInt64LE(BigInt.asUintN(64, arg), 16 + 8 * i));
  const view = Buffer.from(program);
  const mem = new Uint32Array(16);
  let a = 0;
  let x = 0;
  for (let pc = 0, steps = 0; steps < 100_000; steps++) {
    if (pc * 8 >= view.length) throw new Error(`The program ran off its end at ${pc}`);
    const code = view.readUInt16LE(pc * 8);
    const jt = view.readUInt8(pc * 8 + 2);
    const jf = view.readUInt8(pc * 8 + 3);
    const k = view.readUInt32LE(pc * 8 + 4);
    pc++;
    const src = code & 0x08 ? x : k;
    switch (code) {
      case 0x20: // ld [k]
        a = data.readUInt32LE(k);
        break;
      case 0x00: // ld #k
        a = k;
        break;
      case 0x60: // ld M[k]
        a = mem[k] ?? 0;
        break;
      case 0x01: // ldx #k
        x = k;
        break;
      case 0x61: // ldx M[k]
        x = mem[k] ?? 0;
        break;
      case 0x02: // st M[k]
        mem[k] = a;
        break;
      case 0x03: // stx M[k]
        mem[k] = x;
        break;
      case 0x07: // tax
        x = a;
        break;
      case 0x87: // txa
        a = x;
        break;
      case 0x04:
      case 0x0c:
        a = (a + src) >>> 0;
        break;
      case 0x14:
      case 0x1c:
        a = (a - src) >>> 0;
        break;
      case 0x44:
      case 0x4c:
        a = (a | src) >>> 0;
        break;
      case 0x54:
      case 0x5c:
        a = (a & src) >>> 0;
        break;
      case 0x64:
      case 0x6c:
        a = (a << src) >>> 0;
        break;
      case 0x74:
      case 0x7c:
        a = a >>> src;
        break;
      case 0x05: // ja
        pc += k;
        break;
      case 0x15:
      case 0x1d:
        pc += a === src ? jt : jf;
        break;
      case 0x25:
      case 0x2d:
        pc += a > src ? jt : jf;
        break;
      case 0x35:
      case 0x3d:
        pc += a >= src ? jt : jf;
        break;
      case 0x45:
      case 0x4d:
        pc += (a & src) !== 0 ? jt : jf;
        break;
      case 0x06:
        return k >>> 0;
      case 0x16:
        return a >>> 0;
      default:
        throw new Error(`Unknown BPF instruction 0x${code.toString(16)} at ${pc - 1}`);
    }
  }
  throw new Error('The program did not return');
}

describe.each(Object.keys(AUDIT_ARCH))('the %s filter', (arch) => {
  const program = readFileSync(join(DIR, `${arch}.bpf`));
  const numbers = manifest.arches[arch]?.numbers ?? {};
  const audit = AUDIT_ARCH[arch] ?? 0;
  const decide = (name: string, ...args: bigint[]): number => {
    const nr = numbers[name];
    if (nr === undefined) throw new Error(`${name} has no number on ${arch}`);
    return runBpf(program, nr, audit, args);
  };

  it('allows every call of the policy the architecture has, and nothing it skipped', () => {
    const allowed = [...policy.allow, ...(policy.allowOn[arch] ?? [])].filter((name) => numbers[name] !== undefined);
    expect(allowed.length).toBeGreaterThan(200);
    for (const name of allowed) expect(decide(name), name).toBe(ALLOW);
  });

  it('denies with EPERM every call the issue names, and any call it does not know', () => {
    for (const name of policy.mustDeny) {
      if (numbers[name] === undefined) continue; // the architecture has no such call
      expect(decide(name), name).toBe(EPERM);
    }
    for (const name of [
      'keyctl',
      'add_key',
      'request_key',
      'io_uring_setup',
      'bpf',
      'perf_event_open',
      'userfaultfd',
      'unshare',
    ])
      expect(numbers[name], name).toBeDefined();
    expect(runBpf(program, 999, audit)).toBe(EPERM);
  });

  it('allows clone without namespace flags only, and makes clone3 fail with ENOSYS', () => {
    const SIGCHLD = 17n;
    const THREAD = 0x3d0f00n; // glibc's pthread_create flags
    expect(decide('clone', SIGCHLD)).toBe(ALLOW);
    expect(decide('clone', THREAD)).toBe(ALLOW);
    for (const flag of [0x20000n, 0x02000000n, 0x04000000n, 0x08000000n, 0x10000000n, 0x20000000n, 0x40000000n])
      expect(decide('clone', SIGCHLD | flag), flag.toString(16)).toBe(EPERM);
    expect(decide('clone3')).toBe(ENOSYS);
  });

  it('opens AF_UNIX sockets only', () => {
    expect(decide('socket', 1n, 1n)).toBe(ALLOW);
    for (const family of [2n, 10n, 16n, 17n, 38n, 40n])
      expect(decide('socket', family, 1n), String(family)).toBe(EPERM);
  });

  it('kills a call made through another ABI (i386 int 0x80, x32)', () => {
    expect(runBpf(program, 1, AUDIT_ARCH_I386)).toBe(KILL_PROCESS);
    if (arch === 'x86_64') expect(runBpf(program, 0x40000000 | 1, audit)).not.toBe(ALLOW);
  });
});

describe('loadFilter', () => {
  it('finds the filter of x64 and arm64 with the numbers enter.pl needs, and says why for others', () => {
    const x64 = loadFilter('x64');
    if (typeof x64 === 'string') throw new Error(x64);
    expect(x64).toMatchObject({ arch: 'x86_64', numbers: { keyctl: 250, prctl: 157 } });
    expect(x64.bytes.length % 8).toBe(0);
    expect(loadFilter('arm64')).toMatchObject({ arch: 'aarch64', numbers: { keyctl: 219, prctl: 167 } });
    expect(loadFilter('riscv64')).toBe('no seccomp filter is generated for the riscv64 architecture');
  });
});

const compiler = spawnSync('sh', ['-c', 'command -v cc && test -e /usr/include/seccomp.h']).status === 0;

describe.skipIf(!compiler)('regenerating the filters', () => {
  const out = mkdtempSync(join(tmpdir(), 'convgrade-seccomp-test-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('with scripts/seccomp.mjs gives the committed bytes (libseccomp of the manifest) or the same decisions', () => {
    const run = spawnSync(process.execPath, [SCRIPT, '--out', out], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const targets: [string, string, string[]][] = [
      ['product', DIR, Object.keys(AUDIT_ARCH)],
      ['docker-sim', DOCKER_SIM, ['x86_64']],
    ];
    for (const [name, committedDir, arches] of targets) {
      const fresh = JSON.parse(readFileSync(join(out, name, 'manifest.json'), 'utf8')) as Manifest;
      const known = JSON.parse(readFileSync(join(committedDir, 'manifest.json'), 'utf8')) as Manifest;
      for (const arch of arches) {
        const committed = readFileSync(join(committedDir, `${arch}.bpf`));
        const regenerated = readFileSync(join(out, name, `${arch}.bpf`));
        if (fresh.libseccomp === known.libseccomp) {
          expect(regenerated.equals(committed), `${name} ${arch}.bpf differs: run npm run seccomp and commit`).toBe(
            true,
          );
          expect(fresh.arches[arch]).toEqual(known.arches[arch]);
        } else {
          // Another libseccomp may lay the program out differently: compare what it decides.
          const audit = AUDIT_ARCH[arch] ?? 0;
          for (let nr = 0; nr < 600; nr++)
            expect(runBpf(regenerated, nr, audit, [17n]), `${name} ${arch} ${nr}`).toBe(
              runBpf(committed, nr, audit, [17n]),
            );
        }
      }
    }
  });
});
