/**
 * The seccomp filter of every sandbox (SECURITY.md S11): classic BPF compiled by libseccomp
 * from seccomp/policy.json (`npm run seccomp`), one file per architecture, committed beside it.
 * bwrap loads it with `--seccomp FD` in strict isolation; the pre-exec helper (enter.pl) loads
 * it with prctl in uid isolation. On an architecture without a filter there is none, and the
 * caller says so (strict refuses).
 */
import { readFileSync } from 'node:fs';

export interface SeccompFilter {
  /** The kernel's name of the architecture (uname -m). */
  readonly arch: string;
  /** Path of the BPF program (sock_filter[], 8 bytes an instruction). */
  readonly path: string;
  /** Its bytes, read once. */
  readonly bytes: Uint8Array;
  /** System call numbers on this architecture that the pre-exec helper needs. */
  readonly numbers: { readonly keyctl: number; readonly prctl: number };
}

interface Manifest {
  readonly libseccomp: string;
  readonly arches: Readonly<
    Record<string, { readonly file: string; readonly numbers: Readonly<Record<string, number>> }>
  >;
}

/** Node's process.arch → uname -m, for the architectures a filter is generated for. */
const KERNEL_ARCH: Readonly<Record<string, string>> = { x64: 'x86_64', arm64: 'aarch64' };

let cached: SeccompFilter | string | undefined;

/** The filter for this machine's architecture, or why there is none. */
export function seccompFilter(): SeccompFilter | string {
  return (cached ??= loadFilter(process.arch));
}

export function loadFilter(nodeArch: string): SeccompFilter | string {
  const arch = KERNEL_ARCH[nodeArch];
  if (arch === undefined) return `no seccomp filter is generated for the ${nodeArch} architecture`;
  const manifest = JSON.parse(readFileSync(new URL('./seccomp/manifest.json', import.meta.url), 'utf8')) as Manifest;
  const entry = manifest.arches[arch];
  const keyctl = entry?.numbers['keyctl'];
  const prctl = entry?.numbers['prctl'];
  if (entry === undefined || keyctl === undefined || prctl === undefined)
    return `the seccomp manifest has no complete entry for ${arch}`;
  const path = new URL(`./seccomp/${entry.file}`, import.meta.url).pathname;
  return { arch, path, bytes: readFileSync(path), numbers: { keyctl, prctl } };
}
