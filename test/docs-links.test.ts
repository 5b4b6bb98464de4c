/**
 * Every link in every Markdown file of the repository resolves: a relative link names a file or
 * folder that exists, and an anchor (`page.md#section` or `#section`) names a heading of that page
 * as GitHub spells heading anchors. The checker itself is tested on a miniature tree, so it can fail.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');

/** GitHub's heading anchor: lower case, punctuation dropped (but - and _), spaces to hyphens. */
export function headingSlug(heading: string): string {
  return heading
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The anchors a Markdown page defines: its headings (duplicates numbered -1, -2, …) and <a id|name>. */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of withoutCode(markdown).split('\n')) {
    const heading = /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
    if (heading?.[1] !== undefined) {
      const slug = headingSlug(heading[1]);
      const n = seen.get(slug) ?? 0;
      seen.set(slug, n + 1);
      anchors.add(n === 0 ? slug : `${slug}-${n}`);
    }
    for (const m of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) if (m[1] !== undefined) anchors.add(m[1]);
  }
  return anchors;
}

/** The text with fenced code blocks and inline code blanked (links there are not links). */
function withoutCode(markdown: string): string {
  return markdown
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, (block) => block.replace(/[^\n]/g, ' '))
    .replace(/`[^`\n]*`/g, (code) => ' '.repeat(code.length));
}

/** Link targets of a page: inline links and images, and reference definitions. */
export function linksOf(markdown: string): string[] {
  const text = withoutCode(markdown);
  const links: string[] = [];
  for (const m of text.matchAll(/!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g))
    if (m[1] !== undefined) links.push(m[1]);
  for (const m of text.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/gm))
    if (m[1] !== undefined) links.push(m[1]);
  return links;
}

/** Problems of the links of one page (`file` is relative to `base`). */
export function linkProblems(base: string, file: string): string[] {
  const problems: string[] = [];
  const page = join(base, file);
  for (const link of linksOf(readFileSync(page, 'utf8'))) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(link)) continue; // https:, mailto:, …: not checked offline
    const [rawPath = '', anchor] = link.split('#', 2);
    const path = decodeURIComponent(rawPath);
    const target = path === '' ? page : resolve(dirname(page), path);
    if (!existsSync(target)) {
      problems.push(`${file}: ${link}: no such file`);
      continue;
    }
    if (anchor !== undefined && anchor !== '') {
      if (statSync(target).isDirectory() || !target.endsWith('.md')) {
        problems.push(`${file}: ${link}: an anchor into something that is not a Markdown page`);
      } else if (!anchorsOf(readFileSync(target, 'utf8')).has(decodeURIComponent(anchor))) {
        problems.push(`${file}: ${link}: ${relative(base, target)} has no heading #${anchor}`);
      }
    }
  }
  return problems;
}

describe('the link checker', () => {
  it('spells anchors as GitHub does', () => {
    expect(headingSlug('Sharding and merge')).toBe('sharding-and-merge');
    expect(headingSlug('`convgrade init` (students)')).toBe('convgrade-init-students');
    expect(headingSlug('GitHub Classroom: the table vs the score')).toBe('github-classroom-the-table-vs-the-score');
    expect([...anchorsOf('# A\n## B\n## B\n```\n# not a heading\n```\n')]).toEqual(['a', 'b', 'b-1']);
  });

  it('reports missing files and missing anchors, and ignores code and external links', () => {
    const dir = mkdtempSync(join(tmpdir(), 'convgrade-links-'));
    mkdirSync(join(dir, 'docs'));
    writeFileSync(join(dir, 'docs', 'b.md'), '# Title\n## Part two\n');
    writeFileSync(
      join(dir, 'a.md'),
      [
        '[ok](docs/b.md) [ok](docs/b.md#part-two) [ok](#here) [web](https://example.org/x.md)',
        '[gone](docs/missing.md) [bad anchor](docs/b.md#part-three) [self](#nowhere)',
        '`[in code](nowhere.md)`',
        '```',
        '[in a block](nowhere.md)',
        '```',
        '[ref]: docs/gone-too.md',
        '## Here',
      ].join('\n'),
    );
    expect(linkProblems(dir, 'a.md')).toEqual([
      'a.md: docs/missing.md: no such file',
      'a.md: docs/b.md#part-three: docs/b.md has no heading #part-three',
      'a.md: #nowhere: a.md has no heading #nowhere',
      'a.md: docs/gone-too.md: no such file',
    ]);
  });
});

describe('the Markdown files of the repository', () => {
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.md'], {
    cwd: root,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((f) => f !== '' && existsSync(join(root, f)));

  it('include the guides', () => {
    expect(files).toEqual(expect.arrayContaining(['README.md', 'docs/tas.md', 'docs/students.md']));
  });

  it.each(files)('%s: every relative link and anchor resolves', (file) => {
    expect(linkProblems(root, file)).toEqual([]);
  });
});
