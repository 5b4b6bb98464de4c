import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverSubmissions, fileSafeId, MAX_FILE_ID_BYTES } from '../../grader/discover.js';

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
      fc.property(fc.string({ unit: 'grapheme', maxLength: 12 }), (id) => {
        const safe = fileSafeId(id);
        expect(safe).toMatch(/^(?!\.)[A-Za-z0-9._@+%-]+(~[0-9a-f]{16})?$/);
        if (!safe.includes('~')) expect(decodeURIComponent(safe.replace(/%$/, ''))).toBe(id);
      }),
    );
  });

  it('bounds any id to MAX_FILE_ID_BYTES with a hash suffix that keeps ids apart', () => {
    const long = 'a'.repeat(255);
    const cjk = '学生'.repeat(15); // 30 CJK characters: 90 bytes of UTF-8, 270 once percent-encoded
    for (const id of [long, cjk, `${long}b`, '%'.repeat(200), '\u001b]52;c;aGVsbG8=\u0007'.repeat(20)]) {
      const safe = fileSafeId(id);
      expect(Buffer.byteLength(safe), id).toBeLessThanOrEqual(MAX_FILE_ID_BYTES);
      expect(safe).toMatch(/^(?!\.)[A-Za-z0-9._@+%-]+~[0-9a-f]{16}$/);
      expect(safe).not.toMatch(/%.?~/); // never cut inside an escape
    }
    expect(fileSafeId(long)).not.toBe(fileSafeId(`${long}b`));
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', minLength: 50, maxLength: 200 }),
        fc.string({ minLength: 1, maxLength: 3 }),
        (id, tail) => {
          const a = fileSafeId(id);
          expect(Buffer.byteLength(a)).toBeLessThanOrEqual(MAX_FILE_ID_BYTES);
          if (a.includes('~')) expect(fileSafeId(id + tail)).not.toBe(a);
        },
      ),
    );
  });
});
