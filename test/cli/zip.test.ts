/**
 * cli/zip.ts against independent readers: python3's zipfile (CRC check, modes, contents) and
 * Info-ZIP's `unzip -t` when installed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { crc32, createZip } from '../../cli/zip.js';

const dir = mkdtempSync(join(tmpdir(), 'convgrade-zip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const READER = `
import json, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    assert z.testzip() is None
    print(json.dumps([{"name": i.filename, "mode": (i.external_attr >> 16) & 0o7777, "type": (i.external_attr >> 16) & 0o170000,
                       "method": i.compress_type, "text": z.read(i).decode("utf-8", "replace")} for i in z.infolist()]))
`;

interface Read {
  name: string;
  mode: number;
  type: number;
  method: number;
  text: string;
}

function readWithPython(bytes: Buffer): Read[] {
  const path = join(dir, `z${Math.random().toString(36).slice(2)}.zip`);
  writeFileSync(path, bytes);
  return JSON.parse(execFileSync('python3', ['-c', READER, path], { encoding: 'utf8' })) as Read[];
}

describe('createZip', () => {
  it('writes archives python3 zipfile reads back, with unix modes and both methods', () => {
    const long = 'convolution '.repeat(500);
    const zip = createZip([
      { name: 'setup.sh', data: Buffer.from('#!/bin/sh\necho hi\n'), mode: 0o755 },
      { name: 'dir/long.txt', data: Buffer.from(long) },
      { name: 'dir/ünïcode.txt', data: Buffer.from('ü') },
      { name: 'empty', data: new Uint8Array(0) },
    ]);
    const entries = readWithPython(zip);
    expect(entries.map((e) => [e.name, e.mode.toString(8), e.type.toString(8)])).toEqual([
      ['setup.sh', '755', '100000'],
      ['dir/long.txt', '644', '100000'],
      ['dir/ünïcode.txt', '644', '100000'],
      ['empty', '644', '100000'],
    ]);
    expect(entries[1]?.method).toBe(8); // deflated: repetitive text shrinks
    expect(entries[0]?.method).toBe(0); // stored: deflate would not help a tiny file
    expect(entries[1]?.text).toBe(long);
    expect(entries[2]?.text).toBe('ü');
    expect(entries[3]?.text).toBe('');
  });

  it('is reproducible: the same entries give the same bytes', () => {
    const entries = [{ name: 'a', data: Buffer.from('x'.repeat(100)) }];
    expect(createZip(entries).equals(createZip(entries))).toBe(true);
  });

  it.runIf(spawnSync('unzip', ['-v']).status === 0)('passes unzip -t', () => {
    const path = join(dir, 'unzip.zip');
    writeFileSync(path, createZip([{ name: 'a/b.txt', data: Buffer.from('hello '.repeat(50)) }]));
    expect(execFileSync('unzip', ['-t', path], { encoding: 'utf8' })).toMatch(/No errors detected/);
  });

  it('computes the standard CRC-32', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it('refuses unsafe or duplicate names', () => {
    expect(() => createZip([{ name: '../evil', data: new Uint8Array(0) }])).toThrow('Bad zip entry name "../evil"');
    expect(() => createZip([{ name: '/abs', data: new Uint8Array(0) }])).toThrow('Bad zip entry name');
    expect(() =>
      createZip([
        { name: 'a', data: new Uint8Array(0) },
        { name: 'a', data: new Uint8Array(0) },
      ]),
    ).toThrow('Duplicate zip entry "a"');
  });
});
