import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverSubmissions, fileSafeId } from '../../grader/discover.js';

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'convgrade-discover-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('discoverSubmissions', () => {
  it('treats a folder of student folders and files as one submission each, sorted by id', () => {
    const dir = tree({
      'class/bob/solution.py': '',
      'class/alice/solution.ts': '',
      'class/carol.js': '',
      'class/dan.yml': '',
      'class/.DS_Store': '',
      'class/README.md': '',
    });
    expect(discoverSubmissions([join(dir, 'class')]).map((s) => s.id)).toEqual(['alice', 'bob', 'carol', 'dan']);
  });

  it('treats a folder holding a solution as one submission named after the folder', () => {
    const dir = tree({ 'dave/solution.mjs': '', 'dave/helper.txt': '' });
    expect(discoverSubmissions([join(dir, 'dave')])).toEqual([{ id: 'dave', path: join(dir, 'dave') }]);
  });

  it('names a bare solution file after its folder, and honours --student', () => {
    const dir = tree({ 'erin/solution.ts': '' });
    expect(discoverSubmissions([join(dir, 'erin/solution.ts')])[0]?.id).toBe('erin');
    expect(discoverSubmissions([join(dir, 'erin/solution.ts')], 'e123')[0]?.id).toBe('e123');
  });

  it('refuses duplicate ids and missing paths with a usage error', () => {
    const dir = tree({ 'a/x/solution.ts': '', 'b/x.py': '' });
    expect(() => discoverSubmissions([join(dir, 'a'), join(dir, 'b')])).toThrow(
      /Two submissions have the student id "x"/,
    );
    expect(() => discoverSubmissions([join(dir, 'nope')])).toThrow(/No such file or folder/);
  });
});

describe('fileSafeId', () => {
  it('keeps ordinary ids and encodes the rest reversibly', () => {
    expect(fileSafeId('alice.smith-2')).toBe('alice.smith-2');
    expect(fileSafeId('../etc/passwd')).toBe('%2E.%2Fetc%2Fpasswd');
    expect(fileSafeId('José')).toBe('Jos%C3%A9');
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (id) => {
        const safe = fileSafeId(id);
        expect(safe).toMatch(/^(?!\.)[A-Za-z0-9._@+%-]+$/);
        expect(decodeURIComponent(safe.replace(/%$/, ''))).toBe(id);
      }),
    );
  });
});
