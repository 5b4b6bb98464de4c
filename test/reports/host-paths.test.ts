/** Host paths in student-facing messages, written relative to what the student knows. */
import { describe, expect, it } from 'vitest';
import { relativizePaths } from '../../reports/host-paths.js';

describe('relativizePaths', () => {
  const sub = '/home/ta/subs/heidi';

  it('shortens paths into an installed package or the standard library to their tail', () => {
    expect(
      relativizePaths(
        "ImportError: cannot import name 'gaussian' from 'scipy.signal' (/root/.pyenv/versions/3.11.7/lib/python3.11/site-packages/scipy/signal/__init__.py)",
        sub,
      ),
    ).toBe("ImportError: cannot import name 'gaussian' from 'scipy.signal' (…/site-packages/scipy/signal/__init__.py)");
    expect(relativizePaths('File "/usr/lib/python3.11/json/decoder.py", line 3', sub)).toBe(
      'File "…/python3.11/json/decoder.py", line 3',
    );
    expect(relativizePaths('at /usr/lib/python3/dist-packages/numpy/core/x.py:12', sub)).toBe(
      'at …/dist-packages/numpy/core/x.py:12',
    );
    expect(relativizePaths('(/srv/app/node_modules/left-pad/index.js:3:9)', sub)).toBe(
      '(…/node_modules/left-pad/index.js:3:9)',
    );
  });

  it('writes paths inside the submission, or the staged copy of it, relative to the submission', () => {
    expect(relativizePaths('File "/home/ta/subs/heidi/solution.py", line 4', sub)).toBe('File "solution.py", line 4');
    expect(relativizePaths('/home/ta/subs/heidi/lib/util.py', sub)).toBe('lib/util.py');
    expect(relativizePaths('open("/tmp/convgrade-Ab12/sub/solution.py")', sub)).toBe('open("solution.py")');
    expect(relativizePaths('see /home/ta/subs/bob.py', '/home/ta/subs/bob.py')).toBe('see bob.py');
  });

  it('leaves other paths, relative paths and non-paths alone', () => {
    const text = "PermissionError: [Errno 13] Permission denied: '/etc/shadow'; a/b; 1/2; https://x.org/a/b";
    expect(relativizePaths(text, sub)).toBe(text);
    expect(relativizePaths('/home/ta/subs/heidi-two/x.py', sub)).toBe('/home/ta/subs/heidi-two/x.py');
  });
});
